using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>
/// <c>bulkrefunds serve</c> as a process: it will not listen beyond loopback while nobody has to sign in, however the
/// address is given (Serve:Urls, --urls, ASPNETCORE_URLS, Kestrel:Endpoints).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ServeCommandTests(PostgresFixture postgres)
{
    [Theory]
    [InlineData("serve_serve_urls", "", "--Serve:Urls=http://0.0.0.0:0", "Serve:Urls")]
    [InlineData("serve_urls_option", "", "--urls=http://0.0.0.0:0", "--urls / ASPNETCORE_URLS")]
    [InlineData("serve_aspnetcore_urls", "ASPNETCORE_URLS=http://0.0.0.0:0", "", "--urls / ASPNETCORE_URLS")]
    [InlineData("serve_kestrel_endpoints", "Kestrel__Endpoints__web__Url=http://0.0.0.0:0", "", "Kestrel:Endpoints")]
    public async Task Serve_NonLoopbackAddressWithoutUsers_ExitsOneWithTheReason(string database, string variable, string argument, string setting)
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__BulkRefunds"] = await postgres.CreateDatabaseAsync(database),
            ["Klarna__Accounts__default__BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Klarna__Accounts__default__Username"] = Simulator.Username,
            ["Klarna__Accounts__default__Password"] = Simulator.Password,
        };
        if (variable.Length > 0)
        {
            environment[variable[..variable.IndexOf('=', StringComparison.Ordinal)]] = variable[(variable.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        var result = await CliProcess.RunAsync(folder.Path, environment, argument.Length > 0 ? ["serve", argument] : ["serve"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{setting} may name only loopback addresses until authentication is configured", result.Error, StringComparison.Ordinal);
        Assert.Contains("'http://0.0.0.0:0'", result.Error, StringComparison.Ordinal);
    }
}
