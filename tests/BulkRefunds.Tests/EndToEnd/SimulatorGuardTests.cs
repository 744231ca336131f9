using BulkRefunds.Host;
using BulkRefunds.Klarna;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Npgsql;

namespace BulkRefunds.Tests.EndToEnd;

/// <summary>
/// appsettings.json ships <c>Klarna:Accounts:default:BaseUrl=simulator</c>. The in-process simulator serves only the
/// embedded database: a process given a real database without the Klarna settings stops before it creates anything.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SimulatorGuardTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Run_ExternalDatabaseWithTheShippedSimulatorAccount_ExitsOneNamingTheSettingAndCreatesNothing()
    {
        using var folder = new TempFolder();
        var connectionString = await postgres.CreateDatabaseAsync("simulator_guard");
        var manifest = folder.File("returns.csv", "order_id,currency,refunded_amount\n7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,9500\n");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__BulkRefunds"] = connectionString,
            ["Reports__Directory"] = Path.Combine(folder.Path, "reports"),
        };

        var result = await CliProcess.RunAsync(folder.Path, environment, "run", manifest);

        Assert.True(result.ExitCode == 1, result.Output + result.Error);
        Assert.Contains("Klarna:Accounts:default:BaseUrl is 'simulator' (the built-in Klarna simulator), which only runs with the embedded database",
            result.Error, StringComparison.Ordinal);
        Assert.Contains("set Klarna:Accounts:default:BaseUrl (environment Klarna__Accounts__default__BaseUrl) to your Klarna API URL", result.Error, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(connectionString);
        var schemas = await connection.QueryAsync<string>("SELECT nspname FROM pg_namespace WHERE nspname IN ('bulkrefunds', 'hangfire')");
        Assert.Empty(schemas); // no schema, no Hangfire server, nothing imported
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "reports")));
    }

    [Fact]
    public async Task CreateWorker_ExternalDatabaseWithTheSimulatorAndTheExplicitOptIn_RunsTheSimulatorUnderItsOwnEndpointName()
    {
        var connectionString = await postgres.CreateDatabaseAsync("simulator_opt_in");

        await using var app = await AppHost.CreateWorkerAsync([], new Dictionary<string, string?>
        {
            ["ConnectionStrings:BulkRefunds"] = connectionString,
            ["Klarna:Accounts:default:BaseUrl"] = KlarnaOptions.SimulatorBaseUrl,
            [KlarnaOptions.AllowSimulatorWithExternalDatabaseKey] = "true",
        }, CancellationToken.None);

        var accounts = (KlarnaAccounts)app.Services.GetService(typeof(KlarnaAccounts))!;
        Assert.Equal(new AccountEndpoint("default", "simulator"), Assert.Single(accounts.Served));
        Assert.IsType<KlarnaOrderFound>(await accounts.Get("default").GetOrderAsync("7719051f-0b8c-5afc-a864-0c56fe04ef32", default));
    }
}
