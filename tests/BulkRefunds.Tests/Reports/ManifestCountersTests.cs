using BulkRefunds.Dispatch;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BulkRefunds.Tests.Reports;

/// <summary>
/// sql/0020: the counters the Manifests page, the status API and `run` read follow every statement on manifest_row —
/// the import's COPY and SQL typed by hand included — a drifted counter is found and rebuilt, and the status queries
/// never read manifest_row.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ManifestCountersTests(PostgresFixture postgres)
{
    private const string Csv = """
        order_id,currency,amount,reference
        7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,10.00,RMA-1
        5b43446e-cdf6-52b9-a460-879083dc8b99,SEK,1.50,RMA-2
        5b43446e-cdf6-52b9-a460-879083dc8b99,SEK,1.50,RMA-2
        5b43446e-cdf6-52b9-a460-879083dc8b99,XXX,oops,RMA-3
        9e2f0c59-5a4b-4c1a-9d07-3c1a3b1f2e10,EUR,2.25,RMA-4

        """;

    [Fact]
    public async Task Counters_ImportThenStatementsByHand_EqualAFreshCountAndTheOverview()
    {
        var (app, simulator, folder, manifestId) = await ImportAsync("counters_by_hand");
        await using var _ = simulator;
        using var __ = folder;
        await using var ___ = app;
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var afterImport = await ManifestCounters.DriftAsync(dataSource);
        var imported = (await app.Services.GetRequiredService<ManifestOverviewStore>().FindAsync(manifestId, default))!;

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("""
                UPDATE bulkrefunds.manifest_row SET state = 'succeeded' WHERE manifest_id = @Id AND line_number = 2;
                UPDATE bulkrefunds.manifest_row SET lease_until = now() WHERE manifest_id = @Id;
                DELETE FROM bulkrefunds.manifest_row WHERE manifest_id = @Id AND line_number = 6;
                """, new { Id = manifestId });
        }

        var afterHand = await ManifestCounters.DriftAsync(dataSource);
        var overview = (await app.Services.GetRequiredService<ManifestOverviewStore>().FindAsync(manifestId, default))!;

        Assert.Empty(afterImport);
        Assert.Equal((5, 3, 1, 1), (imported.TotalRows, imported.RowsByState[RowState.Staged], imported.RowsByState[RowState.Duplicate],
            imported.RowsByState[RowState.Invalid]));
        // As the GROUP BY over the rows gave it before the counters: a duplicate's amount is in "requested" too.
        Assert.Equal([new CurrencyAmounts("EUR", 1225, 0), new CurrencyAmounts("SEK", 300, 0)], imported.Currencies);
        Assert.Empty(afterHand);
        Assert.Equal((4, 1, 1), (overview.TotalRows, overview.RowsByState[RowState.Staged], overview.RowsByState[RowState.Succeeded]));
        Assert.Equal([new CurrencyAmounts("EUR", 1000, 1000), new CurrencyAmounts("SEK", 300, 0)], overview.Currencies);
        Assert.Equal(1, await app.Services.GetRequiredService<ManifestStore>().CountOpenAsync(manifestId, default));
    }

    [Fact]
    public async Task RebuildCounters_ACounterChangedByHand_IsFoundByTheCheckAndRepaired()
    {
        var (app, simulator, folder, manifestId) = await ImportAsync("counters_rebuild");
        await using var _ = simulator;
        using var __ = folder;
        await using var ___ = app;
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();

        await connection.ExecuteAsync("UPDATE bulkrefunds.manifest_counter SET rows = rows + 7 WHERE manifest_id = @Id AND state = 'staged' AND currency = 'EUR'",
            new { Id = manifestId });
        var drifted = await ManifestCounters.DriftAsync(dataSource);
        await connection.ExecuteAsync("SELECT bulkrefunds.rebuild_counters(@Id)", new { Id = manifestId });

        Assert.Equal([$"{manifestId} staged EUR: counted 2 rows / 1225, kept 9 rows / 1225"], drifted);
        await ManifestCounters.AssertMatchRowsAsync(dataSource);
    }

    [Fact]
    public async Task StatusQueries_Explain_ReadNoManifestRow()
    {
        var (app, simulator, folder, manifestId) = await ImportAsync("counters_explain");
        await using var _ = simulator;
        using var __ = folder;
        await using var ___ = app;
        await using var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        var parameters = new
        {
            ManifestId = manifestId, Ids = new[] { manifestId }, Limit = 100, Open = RowStateText.Of(RowStates.Open),
            ServedAccounts = new[] { "default" }, ServedEndpoints = new[] { "simulator" },
        };

        var plans = new Dictionary<string, string>();
        foreach (var (name, sql) in new[]
                 {
                     ("manifests", ManifestOverviewStore.ManifestsSql), ("counts", ManifestOverviewStore.CountsSql),
                     ("amounts", ManifestOverviewStore.AmountsSql), ("approvals", ManifestOverviewStore.ApprovalsSql),
                     ("count by state", ManifestStore.CountByStateSql), ("count open", ManifestStore.CountOpenSql),
                     ("claimable", BacklogStore.CountClaimableSql), ("waiting", BacklogStore.WaitingSql),
                     ("with claimable rows", BacklogStore.WithClaimableRowsSql), ("stale reports", ReportFileStore.StaleSql),
                 })
        {
            plans[name] = string.Join('\n', await connection.QueryAsync<string>("EXPLAIN " + sql, parameters));
        }

        Assert.All(plans, plan => Assert.DoesNotContain("manifest_row", plan.Value, StringComparison.Ordinal));
        Assert.Contains("manifest_counter", plans["counts"], StringComparison.Ordinal);
        Assert.Contains("manifest_open_counter", plans["claimable"], StringComparison.Ordinal);
        Assert.Contains("manifest_open_counter", plans["waiting"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Backlog_ApprovalLeasesAndEndpoints_EqualsAFreshCountOfTheRows()
    {
        // Not started: no Hangfire server, so no sweep dispatches the manifest once it is approved.
        var (app, simulator, folder, manifestId) = await ImportAsync("counters_backlog", start: false);
        await using var _ = simulator;
        using var __ = folder;
        await using var ___ = app;
        var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
        var backlog = new BacklogSnapshots(app, manifestId);

        var awaitingApproval = await backlog.TakeAsync();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE bulkrefunds.manifest SET approved_at = now(), approved_by = 'bob' WHERE manifest_id = @Id", new { Id = manifestId });
        }

        var approved = await backlog.TakeAsync();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            // One row held by a live worker, one whose worker died (its lease ran out): only the second is claimable.
            await connection.ExecuteAsync("""
                UPDATE bulkrefunds.manifest_row SET state = 'sending', lease_until = now() + interval '1 hour' WHERE manifest_id = @Id AND line_number = 2;
                UPDATE bulkrefunds.manifest_row SET state = 'sending', lease_until = now() - interval '1 minute' WHERE manifest_id = @Id AND line_number = 6;
                """, new { Id = manifestId });
        }

        var leased = await backlog.TakeAsync();
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE bulkrefunds.manifest_account SET endpoint = 'https://elsewhere.example' WHERE manifest_id = @Id",
                new { Id = manifestId });
        }

        var otherEndpoint = await backlog.TakeAsync();

        Assert.Equal(new BacklogSnapshot(0, 0, 0, 0, false, false), awaitingApproval);
        Assert.Equal(new BacklogSnapshot(3, 3, 0, 0, true, true), approved);
        Assert.Equal(new BacklogSnapshot(2, 2, 0, 0, false, false), leased);
        Assert.Equal(new BacklogSnapshot(0, 0, 1, 1, false, false), otherEndpoint);
        await ManifestCounters.AssertMatchRowsAsync(dataSource);
    }

    private async Task<(Host.AppHost App, Simulator Simulator, TempFolder Folder, Guid ManifestId)> ImportAsync(string purpose, bool start = true)
    {
        var simulator = await Simulator.StartAsync();
        var folder = new TempFolder();
        var connectionString = await postgres.CreateDatabaseAsync(purpose);
        var app = start
            ? await TestApp.StartWorkerAsync(connectionString, simulator, folder.Path)
            : await TestApp.CreateWorkerAsync(connectionString, simulator, folder.Path);
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(folder.File("returns.csv", Csv), "alice",
            new ImportOptions(RequireApproval: true), default);
        return (app, simulator, folder, import.Manifest.ManifestId);
    }
}
