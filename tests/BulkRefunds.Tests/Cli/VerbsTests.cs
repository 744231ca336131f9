using BulkRefunds.Host.Cli;

namespace BulkRefunds.Tests.Cli;

/// <summary>How the declared verbs read a command line: what is a setting, what is an option, and what is refused.</summary>
public sealed class VerbsTests
{
    [Theory]
    [InlineData("--Klarna:TimeoutSeconds=10", true)]
    [InlineData("--Serve:Urls=http://127.0.0.1:5080", true)]
    [InlineData("--Logging:LogLevel:Default=Debug", true)]
    [InlineData("--Klarna:Accounts:default:Password=", true)]
    [InlineData("--dry-run=true", false)]          // an option with its value, for the parser
    [InlineData("--dry-run:true", false)]
    [InlineData("--logging:LogLevel:Default=Debug", false)] // a section starts with an upper-case letter
    [InlineData("--Klarna:TimeoutSeconds", false)] // no value: the next token would silently become it
    [InlineData("--Klarna=10", false)]             // no key within the section
    [InlineData("Klarna:TimeoutSeconds=10", false)]
    [InlineData("/Klarna:TimeoutSeconds=10", false)]
    public void IsOverride_OnlyTheExplicitSectionKeyValueForm(string arg, bool expected) =>
        Assert.Equal(expected, ConfigurationOverrides.IsOverride(arg));

    [Fact]
    public void Split_AnyPosition_TakesOutOverridesInTheirOrder()
    {
        var (overrides, verb) = ConfigurationOverrides.Split(["--Klarna:TimeoutSeconds=10", "run", "a.csv", "--Logging:LogLevel:Default=Debug", "--report", "r.csv"]);

        Assert.Equal(["--Klarna:TimeoutSeconds=10", "--Logging:LogLevel:Default=Debug"], overrides);
        Assert.Equal(["run", "a.csv", "--report", "r.csv"], verb);
    }

    [Theory]
    [InlineData(true, "release-stale", "--dry-run")]
    [InlineData(true, "release-stale", "--dry-run=true")]
    [InlineData(true, "release-stale", "--dry-run:true")]
    [InlineData(true, "release-stale", "--dry-run", "true")]
    [InlineData(false, "release-stale", "--dry-run", "false")]
    [InlineData(false, "release-stale")]
    public void Parse_DryRunSpellings_AreOneBool(bool expected, params string[] args)
    {
        var parsed = Verbs.Create([]).Parse(args);

        Assert.Empty(parsed.Errors);
        Assert.Equal(expected, parsed.GetValue<bool>("--dry-run"));
    }

    [Theory]
    [InlineData("serve", "--urls", "http://127.0.0.1:5090")]
    [InlineData("serve", "--urls=http://127.0.0.1:5090;http://[::1]:5090")]
    public void Parse_ServeUrls_IsTheStandardOption(params string[] args)
    {
        var parsed = Verbs.Create([]).Parse(args);

        Assert.Empty(parsed.Errors);
        Assert.StartsWith("http://127.0.0.1:5090", parsed.GetValue<string>("--urls"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("release-stale", "--dryrun")]
    [InlineData("release-stale", "--dry-run=yes")]
    [InlineData("release-stale", "--dry-run=false", "--dry-run")] // given twice: neither meaning is safe to guess
    [InlineData("release-stale", "extra")]
    [InlineData("report", "not-a-guid")]
    [InlineData("report", "0b0b0b0b-0000-4000-8000-000000000001", "--veify")]
    [InlineData("run", "a.csv", "--report")]
    [InlineData("run")]
    [InlineData("serve", "--url", "http://0.0.0.0:80")]
    [InlineData("serve", "--urls")]
    public void Parse_UnknownOrIncompleteArguments_AreErrors(params string[] args) =>
        Assert.NotEmpty(Verbs.Create([]).Parse(args).Errors);
}
