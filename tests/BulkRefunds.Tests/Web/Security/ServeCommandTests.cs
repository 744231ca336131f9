using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Web.Security;

/// <summary><c>bulkrefunds serve</c> as a process: it will not listen beyond loopback while nobody has to sign in.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ServeCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Serve_NonLoopbackUrlWithoutUsers_ExitsOneWithTheReason()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__BulkRefunds"] = await postgres.CreateDatabaseAsync("serve_remote"),
            ["Klarna__Accounts__default__BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Klarna__Accounts__default__Username"] = Simulator.Username,
            ["Klarna__Accounts__default__Password"] = Simulator.Password,
        };

        var result = await CliProcess.RunAsync(folder.Path, environment, "serve", "--Serve:Urls=http://0.0.0.0:0");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Serve:Urls may name only loopback addresses until authentication is configured", result.Error, StringComparison.Ordinal);
        Assert.Contains("'http://0.0.0.0:0'", result.Error, StringComparison.Ordinal);
    }
}
