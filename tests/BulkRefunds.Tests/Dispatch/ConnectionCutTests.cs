using System.Globalization;
using BulkRefunds.Dispatch;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit.Abstractions;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// PostgreSQL cuts our connections while a manifest dispatches through Hangfire — in claims, outcome writes, lease renewals and
/// Hangfire's own bookkeeping. Hangfire's retries and the recovery sweep must still bring every row home, each refunded exactly once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ConnectionCutTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Rows = 40;

    [Fact]
    public async Task DispatchJob_ConnectionsCutRepeatedlyMidDispatch_RefundsEveryRowExactlyOnceAfterTheSweep()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var connectionString = await postgres.CreateDatabaseAsync("connection_cut");
        await using var app = await TestApp.StartWorkerAsync(connectionString, simulator, folder.Path, new Dictionary<string, string?>
        {
            ["Dispatch:LeaseSeconds"] = "3",
            ["Dispatch:BatchSize"] = "5",
            ["Dispatch:Concurrency"] = "4",
            // A Hangfire worker whose connection was cut in a state change can sit in Hangfire.PostgreSql's lock loop;
            // the host should not wait Hangfire's default 20 s for it when the test is over.
            ["Hangfire:ShutdownTimeoutSeconds"] = "3",
        });
        var orderIds = await AddOrdersAsync(simulator);
        // Every request takes 150 ms, so the manifest takes seconds and the cuts land while batches are in flight.
        simulator.Server.State.Faults.SetRandom(new RandomFaults(1, new Dictionary<FaultKind, int> { [FaultKind.Latency] = 1000 }) { LatencyMilliseconds = 150 });
        var manifest = folder.File("returns.csv", "order_id,currency,refunded_amount,reference\n"
            + string.Concat(orderIds.Select((orderId, i) => string.Create(CultureInfo.InvariantCulture, $"{orderId},EUR,{Amount(i)},RMA-{i + 1}\n"))));
        var manifestId = (await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(manifest, "test", timeout.Token)).Manifest.ManifestId;
        app.Services.GetRequiredService<DispatchQueue>().Enqueue(manifestId);
        await WaitUntilAsync(() => simulator.Server.State.GetLedger().Count > 0, timeout.Token);
        var appliedWhenCutsBegan = simulator.Server.State.GetLedger().Count;

        // The sweep runs during the cuts too, so new dispatch jobs keep claiming and recording while connections die.
        var sweeping = RecoverySweeps.RunUntilCompleteAsync(app.Services, manifestId, timeout.Token);
        var killed = await ConnectionKiller.CutForAsync(connectionString, TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(150), timeout.Token);
        var appliedWhenCutsEnded = simulator.Server.State.GetLedger().Count;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await sweeping;
        output.WriteLine($"refunds applied when the cuts began {appliedWhenCutsBegan}, when they ended {appliedWhenCutsEnded}; {killed} backends ended; the sweep finished {clock.Elapsed.TotalSeconds:0.0} s after the last cut");

        Assert.True(appliedWhenCutsBegan < Rows, "The manifest was done before the first cut.");
        Assert.True(killed > 0, "The killer ended no connection.");
        var ledger = await simulator.LedgerAsync();
        Assert.Equal(Rows, ledger.Count);
        Assert.Equal(Rows, ledger.Select(entry => entry.IdempotencyKey).Distinct(StringComparer.Ordinal).Count());
        var report = ReportFile.Read(await WriteReportAsync(app.Services, manifestId, Path.Combine(folder.Path, "report.csv"), timeout.Token));
        Assert.Equal(orderIds, report.Select(line => line["order_id"]));
        Assert.Equal(
            ledger.Select(entry => ("succeeded", entry.IdempotencyKey, entry.RefundId, entry.RefundedAmount.ToString(CultureInfo.InvariantCulture))).Order(),
            report.Select(line => (line["status"], (string?)line["idempotency_key"], (string?)line["refund_id"], line["amount_minor"])).Order());
    }

    private static long Amount(int row) => 1000 + (37 * row);

    private static async Task<List<string>> AddOrdersAsync(Simulator simulator)
    {
        var orderIds = Enumerable.Range(0, Rows).Select(i => string.Create(CultureInfo.InvariantCulture, $"c07c0000-0000-4000-8000-{i + 1:D12}")).ToList();
        for (var i = 0; i < Rows; i++)
        {
            // Room for a second refund: a resend under another key would show in the ledger instead of being refused.
            await simulator.AddOrderAsync(orderIds[i], "EUR", "DE", captured: 2 * Amount(i));
        }

        return orderIds;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    // The pool may still hold connections the killer ended; Npgsql discards each on its first failure.
    private static async Task<string> WriteReportAsync(IServiceProvider services, Guid manifestId, string path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await services.GetRequiredService<ReportService>().WriteAsync(manifestId, path, cancellationToken);
            }
            catch (NpgsqlException) when (attempt < 10)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }
}
