using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.EndToEnd;
using BulkRefunds.Tests.Infrastructure;
using Npgsql;

namespace BulkRefunds.Tests.Cli;

/// <summary>
/// The executable refuses what it does not know: a mistyped option is named and nothing is done, so a typo can never
/// turn a dry run into a real sweep. Configuration overrides are accepted only as <c>--Section:Key=value</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StrictCommandLineTests(PostgresFixture postgres)
{
    private const string PartCaptured = "0b0b0b0b-0000-4000-8000-000000000001"; // seed: 6000 of 10000 captured, captures from 2025

    [Fact]
    public async Task ReleaseStale_MistypedDryRun_IsRefusedNamedAndReleasesNothing()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = CliEnvironment.For(await postgres.CreateDatabaseAsync("cli_dryrun_typo"), simulator, folder, ("Releases__AutoReleaseAfterDays", "7"));
        var refunds = folder.File("refunds.csv", $"order_id,currency,amount,reference\n{PartCaptured},EUR,10.00,RMA-1\n");
        Assert.Equal(0, (await CliProcess.RunAsync(folder.Path, environment, "run", refunds)).ExitCode);

        var typos = new List<(string Token, CliProcess.Result Result)>();
        foreach (var typo in new[] { "--dryrun", "--dry-run=yes", "--Dry-Run", "-dry-run" })
        {
            typos.Add((typo, await CliProcess.RunAsync(folder.Path, environment, "release-stale", typo)));
        }

        var releasesAfterTypos = (await simulator.LedgerAsync()).Count(entry => entry.Kind == "release");
        var dryRun = await CliProcess.RunAsync(folder.Path, environment, "release-stale", "--dry-run=true");
        var releasesAfterDryRun = (await simulator.LedgerAsync()).Count(entry => entry.Kind == "release");
        var sweep = await CliProcess.RunAsync(folder.Path, environment, "release-stale");

        Assert.All(typos, typo =>
        {
            Assert.True(typo.Result.ExitCode == 64, $"{typo.Token}: exit {typo.Result.ExitCode}\n{typo.Result.Output}{typo.Result.Error}");
            Assert.Contains(typo.Token.Split('=')[^1], typo.Result.Error, StringComparison.Ordinal); // the option, or the value it refused
            Assert.DoesNotContain("Release", typo.Result.Output, StringComparison.Ordinal);
        });
        Assert.Equal(0, releasesAfterTypos);
        Assert.True(dryRun.ExitCode == 0, dryRun.Output + dryRun.Error);
        Assert.Contains("Nothing was sent.", dryRun.Output, StringComparison.Ordinal);
        Assert.Equal(0, releasesAfterDryRun);
        // The arrangement was releasable all along: the sweep spelled right releases it.
        Assert.True(sweep.ExitCode == 0, sweep.Output + sweep.Error);
        Assert.Equal(PartCaptured, Assert.Single(await simulator.LedgerAsync(), entry => entry.Kind == "release").OrderId);
    }

    [Fact]
    public async Task Run_UnknownOption_IsRefusedNamedAndImportsNothing()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var database = await postgres.CreateDatabaseAsync("cli_unknown_option");
        var environment = CliEnvironment.For(database, simulator, folder);

        var result = await CliProcess.RunAsync(folder.Path, environment, "run", RunManifestTests.SamplePath(), "--reprot", "out.csv");

        Assert.True(result.ExitCode == 64, result.Output + result.Error);
        Assert.Contains("--reprot", result.Error, StringComparison.Ordinal);
        Assert.Empty(await simulator.LedgerAsync());
        // Not even the schema: the command stopped before it opened the database.
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var schema = new NpgsqlCommand("SELECT to_regclass('bulkrefunds.manifest') IS NULL", connection);
        Assert.Equal(true, await schema.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("report")]                          // the verb's argument is missing
    [InlineData("validate", "a.csv", "b.csv")]      // one argument too many
    [InlineData("hash-password", "secret")]         // a password on the command line would land in the shell history
    [InlineData("refund", "a.csv")]                 // no such verb
    [InlineData("import")]                          // the manifest is missing
    [InlineData("run", "a.csv", "--report")]        // an option without its value
    [InlineData("serve", "now")]                    // serve takes no argument
    [InlineData("validate", "a.csv", "Klarna:TimeoutSeconds=10")] // an override must be spelled --Section:Key=value
    public async Task Verbs_WrongArguments_ExitUsageWithAMessageOnStderr(params string[] args)
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Path, new Dictionary<string, string>(), args);

        Assert.True(result.ExitCode == 64, result.Output + result.Error);
        Assert.NotEqual("", result.Error.Trim());
        Assert.DoesNotContain("   at ", result.Error + result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("release-stale", "--help")]
    [InlineData("run", "-h")]
    public async Task HelpAndVersion_ExitZeroAndPrintToStdout(params string[] args)
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Path, new Dictionary<string, string>(), args);

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        Assert.NotEqual("", result.Output.Trim());
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task ReleaseStaleHelp_DescribesTheDryRunOption()
    {
        using var folder = new TempFolder();

        var result = await CliProcess.RunAsync(folder.Path, new Dictionary<string, string>(), "release-stale", "--help");

        Assert.Contains("--dry-run", result.Output, StringComparison.Ordinal);
        Assert.Contains("GET", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ConfigurationOverride_IsAcceptedAndReachesConfiguration()
    {
        using var folder = new TempFolder();

        var accepted = await CliProcess.RunAsync(folder.Path, new Dictionary<string, string>(), "validate", RunManifestTests.SamplePath(), "--Klarna:TimeoutSeconds=10");
        var limited = await CliProcess.RunAsync(folder.Path, new Dictionary<string, string>(), "--Manifests:MaxRows=2", "validate", RunManifestTests.SamplePath());

        Assert.True(accepted.ExitCode == 0, accepted.Output + accepted.Error);
        Assert.Contains("OK: 10 rows, no problems.", accepted.Output, StringComparison.Ordinal);
        Assert.Equal(1, limited.ExitCode);
        Assert.Contains("File rejected: The file has more than 2 rows", limited.Error, StringComparison.Ordinal);
    }
}
