using BulkRefunds.Klarna;

namespace BulkRefunds.Tests.Klarna;

/// <summary>Klarna's credentials travel with every request: its base URL is https, or plain http to this machine only.</summary>
public sealed class KlarnaOptionsValidatorTests
{
    [Theory]
    [InlineData("https://api.klarna.com/")]
    [InlineData("eu")]
    [InlineData("playground-na")]
    [InlineData("simulator")]
    [InlineData("http://127.0.0.1:5081/")]
    [InlineData("http://localhost:5081")]
    [InlineData("http://[::1]:5081")]
    public void Validate_HttpsOrLoopback_Succeeds(string baseUrl)
    {
        var result = new KlarnaOptionsValidator().Validate(null, Options(baseUrl));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("http://api.klarna.com/")]
    [InlineData("http://10.0.0.9:8080")]
    [InlineData("ftp://api.klarna.com/")]
    public void Validate_PlainHttpToAnotherMachine_FailsNamingTheAccount(string baseUrl)
    {
        var result = new KlarnaOptionsValidator().Validate(null, Options(baseUrl));

        Assert.True(result.Failed);
        Assert.Contains("Klarna:Accounts:se:BaseUrl must be an https URL", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(baseUrl, result.FailureMessage, StringComparison.Ordinal);
    }

    private static KlarnaOptions Options(string baseUrl) => new()
    {
        Accounts = { ["se"] = new KlarnaAccountOptions { BaseUrl = baseUrl, Username = "user", Password = "secret" } },
    };
}
