using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// Workers fail closed: a manifest remembers the Klarna endpoint of each account at import, and a worker whose settings
/// differ (another endpoint, or no such account) leaves its rows exactly as they are — no claim, no lease, no attempt,
/// no request — until a worker configured like the import sends them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class WorkerEndpointTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Dispatch_WorkerWithAnotherEndpointForTheAccount_ClaimsNothingUntilAWorkerWithTheImportEndpointSendsThem()
    {
        await using var importedFor = await Simulator.StartAsync();
        await using var other = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var connectionString = await postgres.CreateDatabaseAsync("endpoint_mismatch");
        var orders = await ManifestOrders.AddAsync(importedFor, 3);
        await ManifestOrders.AddAsync(other, 3); // the same orders exist there: only the endpoint check stops a send
        await using var rightWorker = await TestApp.CreateWorkerAsync(connectionString, importedFor, folder.Path);
        await using var wrongWorker = await TestApp.CreateWorkerAsync(connectionString, other, folder.Path);
        var manifestId = await ImportAsync(rightWorker, folder, orders.Csv);

        await Dispatcher(wrongWorker).DispatchAsync(manifestId, default);
        await wrongWorker.Services.GetRequiredService<RecoverySweepJob>().RunAsync(default);

        Assert.Equal((0L, 0L), (importedFor.Server.State.GetStats().Requests, other.Server.State.GetStats().Requests));
        Assert.Equal(3, await StagedRows.CountAsync(connectionString, RowState.Staged));
        Assert.Equal(0, await AttemptCountAsync(connectionString));
        var waiting = Assert.Single(await wrongWorker.Services.GetRequiredService<BacklogStore>().WaitingAsync(default));
        Assert.Equal((manifestId, "default", KlarnaHosts.Endpoint(importedFor.BaseAddress.ToString())), (waiting.ManifestId, waiting.Account, waiting.Endpoint));
        Assert.StartsWith("waiting for a worker configured for account 'default'", waiting.Message, StringComparison.Ordinal);

        await Dispatcher(rightWorker).DispatchAsync(manifestId, default);

        orders.AssertExactlyOneRefundPerRow(await importedFor.LedgerAsync());
        Assert.Empty(await other.LedgerAsync());
        Assert.Empty(await rightWorker.Services.GetRequiredService<BacklogStore>().WaitingAsync(default));
    }

    [Fact]
    public async Task Dispatch_WorkerWithoutTheAccount_LeavesTheRowsStagedInsteadOfFailingThemAccountNotConfigured()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var connectionString = await postgres.CreateDatabaseAsync("endpoint_no_account");
        var orders = await ManifestOrders.AddAsync(simulator, 2);
        await using var withAccount = await TestApp.CreateWorkerAsync(connectionString, simulator, folder.Path, SecondAccount(simulator));
        await using var withoutAccount = await TestApp.CreateWorkerAsync(connectionString, simulator, folder.Path);
        var csv = "order_id,account,currency,refunded_amount\n" + string.Concat(orders.Rows.Select(row => $"{row.OrderId},other,EUR,{row.AmountMinor}\n"));
        var manifestId = await ImportAsync(withAccount, folder, csv);

        await Dispatcher(withoutAccount).DispatchAsync(manifestId, default);

        Assert.Equal(0L, simulator.Server.State.GetStats().Requests);
        Assert.Equal(2, await StagedRows.CountAsync(connectionString, RowState.Staged));
        Assert.Equal(0, await StagedRows.CountAsync(connectionString, RowState.Failed));
        Assert.Equal(0, await AttemptCountAsync(connectionString));
        Assert.Equal("other", Assert.Single(await withoutAccount.Services.GetRequiredService<BacklogStore>().WaitingAsync(default)).Account);

        await Dispatcher(withAccount).DispatchAsync(manifestId, default);

        orders.AssertExactlyOneRefundPerRow(await simulator.LedgerAsync());
    }

    [Fact]
    public async Task Dispatch_ExpiredSendingRowsOfAnotherEndpoint_AreNotReclaimedByAMismatchedWorker()
    {
        await using var importedFor = await Simulator.StartAsync();
        await using var other = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var connectionString = await postgres.CreateDatabaseAsync("endpoint_expired_lease");
        var orders = await ManifestOrders.AddAsync(importedFor, 2);
        await ManifestOrders.AddAsync(other, 2);
        await using var rightWorker = await TestApp.CreateWorkerAsync(connectionString, importedFor, folder.Path);
        await using var wrongWorker = await TestApp.CreateWorkerAsync(connectionString, other, folder.Path);
        var manifestId = await ImportAsync(rightWorker, folder, orders.Csv);
        var crashedLeases = await CrashWhileSendingAsync(connectionString);

        await wrongWorker.Services.GetRequiredService<RecoverySweepJob>().RunAsync(default);
        await Dispatcher(wrongWorker).DispatchAsync(manifestId, default);

        Assert.Equal((0L, 0L), (importedFor.Server.State.GetStats().Requests, other.Server.State.GetStats().Requests));
        Assert.Equal(crashedLeases, await LeasesAsync(connectionString));
        Assert.Equal(0, await AttemptCountAsync(connectionString));
        Assert.Single(await wrongWorker.Services.GetRequiredService<BacklogStore>().WaitingAsync(default));

        await Dispatcher(rightWorker).DispatchAsync(manifestId, default);

        orders.AssertExactlyOneRefundPerRow(await importedFor.LedgerAsync());
        Assert.Empty(await other.LedgerAsync());
    }

    private static Dictionary<string, string?> SecondAccount(Simulator simulator) => new()
    {
        ["Klarna:Accounts:other:BaseUrl"] = simulator.BaseAddress.ToString(),
        ["Klarna:Accounts:other:Username"] = Simulator.Username,
        ["Klarna:Accounts:other:Password"] = Simulator.Password,
    };

    private static async Task<Guid> ImportAsync(AppHost app, TempFolder folder, string csv)
    {
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(folder.File("returns.csv", csv), "test", default);
        return import.Manifest.ManifestId;
    }

    private static ManifestDispatcher Dispatcher(AppHost app) => app.Services.GetRequiredService<ManifestDispatcher>();

    /// <summary>A worker claimed every row and died before sending anything (never sent: first_attempt_at is set at claim).</summary>
    private static async Task<IReadOnlyList<(long, Guid?, DateTime?)>> CrashWhileSendingAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync("""
            UPDATE bulkrefunds.manifest_row SET state = 'sending', lease_owner = gen_random_uuid(),
                lease_until = now() - interval '1 minute', first_attempt_at = now() - interval '2 minutes'
            WHERE state = 'staged'
            """);
        return await LeasesAsync(connectionString);
    }

    private static async Task<IReadOnlyList<(long, Guid?, DateTime?)>> LeasesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return [.. await connection.QueryAsync<(long, Guid?, DateTime?)>(
            "SELECT row_id, lease_owner, lease_until FROM bulkrefunds.manifest_row WHERE state = 'sending' ORDER BY row_id")];
    }

    private static async Task<int> AttemptCountAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<int>("SELECT count(*)::int FROM bulkrefunds.row_attempt");
    }
}
