using System.Globalization;
using BulkRefunds.Host;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>Klarna faults on the full path (import → Hangfire dispatch → report): resends keep one refund per row.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ManifestDispatcherFaultTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RunToCompletion_LostResponse_RecordsTheOneRefundKlarnaApplied()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(simulator, 5);
        var lost = orders.Rows[1].OrderId;
        simulator.Server.State.Faults.Enqueue(lost, new FaultSpec(FaultKind.LostResponse) { Operation = FaultOperation.Refund });
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("lost_response"), simulator, folder.Path);

        var report = await RunAsync(app, folder.File("returns.csv", orders.Csv));

        Assert.Equal(1, simulator.Server.State.Faults.InjectedCounts().GetValueOrDefault(FaultKind.LostResponse));
        var ledger = await simulator.LedgerAsync();
        orders.AssertExactlyOneRefundPerRow(ledger);
        orders.AssertReportMatchesLedger(report, ledger);
        var line = Assert.Single(report, line => line["order_id"] == lost);
        Assert.True(int.Parse(line["attempts"], CultureInfo.InvariantCulture) >= 2, $"The lost-response row reports {line["attempts"]} attempt(s).");
    }

    [Fact]
    public async Task RunToCompletion_ServerErrorsAndRateLimit_RefundsEveryRowOnceAndWaitsAsAdvised()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(simulator, 5);
        var unavailable = orders.Rows[1].OrderId;
        var limited = orders.Rows[3].OrderId;
        simulator.Server.State.Faults.Enqueue(unavailable, new FaultSpec(FaultKind.Error503, Times: 2) { Operation = FaultOperation.Refund });
        simulator.Server.State.Faults.Enqueue(limited, new FaultSpec(FaultKind.RateLimited) { RetryAfterSeconds = 1, Operation = FaultOperation.Refund });
        var connectionString = await postgres.CreateDatabaseAsync("errors_429");
        await using var app = await TestApp.StartWorkerAsync(connectionString, simulator, folder.Path);

        var report = await RunAsync(app, folder.File("returns.csv", orders.Csv));

        var injected = simulator.Server.State.Faults.InjectedCounts();
        Assert.Equal((2L, 1L), (injected.GetValueOrDefault(FaultKind.Error503), injected.GetValueOrDefault(FaultKind.RateLimited)));
        var ledger = await simulator.LedgerAsync();
        orders.AssertExactlyOneRefundPerRow(ledger);
        orders.AssertReportMatchesLedger(report, ledger);
        var attempts = await StagedRows.AttemptsAsync(connectionString, limited);
        var rateLimited = attempts.Select((attempt, index) => (attempt, index)).Single(pair => pair.attempt.HttpStatus == 429);
        var resend = attempts[rateLimited.index + 1];
        // attempted_at is a wall-clock stamp and the wait runs on the monotonic clock: allow a few milliseconds of skew.
        Assert.True(resend.AttemptedAt - rateLimited.attempt.AttemptedAt >= TimeSpan.FromMilliseconds(990),
            $"The resend came {resend.AttemptedAt - rateLimited.attempt.AttemptedAt} after the 429 that asked for 1 s.");
        await ManifestCounters.AssertMatchRowsAsync(connectionString);
    }

    private static async Task<List<Dictionary<string, string>>> RunAsync(AppHost app, string manifest)
    {
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(manifest, "test", CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(import.Manifest.ManifestId, null, timeout.Token);
        return ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(import.Manifest.ManifestId, null, CancellationToken.None));
    }
}
