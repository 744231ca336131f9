using System.Globalization;
using System.Text.RegularExpressions;
using BulkRefunds.Dispatch;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// Several workers on one manifest: two <c>bulkrefunds run</c> processes on one database, and one dispatch job run
/// twice at once (Hangfire is at-least-once). Row claims must keep every row to one refund at Klarna and, while every
/// worker is alive and holds its leases, to one POST: a resend with the same key is for crashes, not for company.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class ManifestDispatcherConcurrencyTests(PostgresFixture postgres)
{
    // The dispatcher's "this worker finished N rows" line tells which process sent how many rows.
    private const string LogWorkerTotals = "--Logging:LogLevel:BulkRefunds.Dispatch=Information";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_TwoProcessesOnOneManifest_RefundEveryRowExactlyOnce()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(simulator, 30);
        orders.DelayRefunds(simulator, _ => 400, times: 2);
        var manifest = folder.File("returns.csv", orders.Csv);
        // One Hangfire worker per process: each process's dispatch job then runs in a different process.
        var environment = CliEnvironment.For(await postgres.CreateDatabaseAsync("two_processes"), simulator, folder,
            ("Dispatch__BatchSize", "3"), ("Hangfire__WorkerCount", "1"));
        var import = await CliProcess.RunAsync(folder.Path, environment, "import", manifest);
        var reports = new[] { Path.Combine(folder.Path, "one.csv"), Path.Combine(folder.Path, "two.csv") };

        await using var one = WorkerProcess.Start(folder.Path, environment, "run", manifest, "--report", reports[0], LogWorkerTotals);
        await using var two = WorkerProcess.Start(folder.Path, environment, "run", manifest, "--report", reports[1], LogWorkerTotals);
        var results = await Task.WhenAll(one.WaitForExitAsync(CommandTimeout), two.WaitForExitAsync(CommandTimeout));

        Assert.True(import.ExitCode == 0, import.Output + import.Error);
        var manifestId = ManifestIdPattern().Match(import.Output).Groups[1].Value;
        Assert.All(results, result =>
        {
            Assert.True(result.ExitCode == 0, result.Output + result.Error);
            Assert.Contains($"as manifest {manifestId}; resuming it", result.Output, StringComparison.Ordinal);
        });
        var ledger = await simulator.LedgerAsync();
        orders.AssertExactlyOneRefundPerRow(ledger);
        Assert.All(reports, report => orders.AssertReportMatchesLedger(ReportFile.Read(report), ledger));
        var finished = results.Select(result => RowsFinished(result.Output)).ToList();
        Assert.True(finished.All(rows => rows > 0), $"Rows recorded per process: {string.Join(", ", finished)}; both should have sent some.");
        await orders.AssertEachRowPostedOnceAsync(simulator);
    }

    [Fact]
    public async Task DispatchAsync_SameManifestTwiceAtOnce_RefundsEveryRowExactlyOnce()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(simulator, 30);
        orders.DelayRefunds(simulator, i => 100 + (50 * (i % 4)), times: 2);
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("job_twice"), simulator, folder.Path,
            new Dictionary<string, string?> { ["Dispatch:BatchSize"] = "4", ["Dispatch:Concurrency"] = "4" });
        var import = await app.Services.GetRequiredService<ManifestImporter>()
            .ImportAsync(folder.File("returns.csv", orders.Csv), "test", CancellationToken.None);
        var dispatcher = app.Services.GetRequiredService<ManifestDispatcher>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        await Task.WhenAll(
            Task.Run(() => dispatcher.DispatchAsync(import.Manifest.ManifestId, timeout.Token)),
            Task.Run(() => dispatcher.DispatchAsync(import.Manifest.ManifestId, timeout.Token)));

        var ledger = await simulator.LedgerAsync();
        orders.AssertExactlyOneRefundPerRow(ledger);
        var report = await app.Services.GetRequiredService<ReportService>().WriteAsync(import.Manifest.ManifestId, null, CancellationToken.None);
        orders.AssertReportMatchesLedger(ReportFile.Read(report), ledger);
        await orders.AssertEachRowPostedOnceAsync(simulator);
        // Two dispatchers moving rows of one manifest at once leave its counters equal to a fresh count.
        await ManifestCounters.AssertMatchRowsAsync(app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>());
    }

    private static int RowsFinished(string output) => WorkerFinishedPattern().Matches(output)
        .Sum(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("as manifest ([0-9a-f-]{36})")]
    private static partial Regex ManifestIdPattern();

    [GeneratedRegex(@"this worker finished (\d+) rows")]
    private static partial Regex WorkerFinishedPattern();
}
