using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>Two-step approval, retry of failed rows and cancel of the rest, on the full path and the simulator's ledger.</summary>
[Collection(PostgresCollection.Name)]
public sealed class OperatorActionsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Approve_NothingIsSentBeforeApprovalAndTheUploaderCannotApprove()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(simulator, 3);
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("approval"), simulator, folder.Path);
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(folder.File("returns.csv", orders.Csv), "alice",
            new ImportOptions(RequireApproval: true), default);
        var manifestId = import.Manifest.ManifestId;

        // Whoever runs dispatch — a job, the recovery sweep — claims nothing while the manifest awaits approval.
        await app.Services.GetRequiredService<ManifestDispatcher>().DispatchAsync(manifestId, default);
        await app.Services.GetRequiredService<RecoverySweepJob>().RunAsync(default);
        var byUploader = await Actions(app).ApproveAsync(manifestId, "alice", default);
        var ledgerBefore = await simulator.LedgerAsync();
        var approved = await Actions(app).ApproveAsync(manifestId, "bob", default);
        var again = await Actions(app).ApproveAsync(manifestId, "carol", default);
        await RunAsync(app, manifestId);

        Assert.True(import.Manifest.AwaitingApproval);
        Assert.Empty(ledgerBefore);
        Assert.False(byUploader.Succeeded);
        Assert.Contains("four-eyes", byUploader.Message, StringComparison.Ordinal);
        Assert.True(approved.Succeeded, approved.Message);
        Assert.False(again.Succeeded);
        orders.AssertExactlyOneRefundPerRow(await simulator.LedgerAsync());
        var manifest = (await app.Services.GetRequiredService<ManifestStore>().FindAsync(manifestId, default))!;
        Assert.Equal("bob", manifest.ApprovedBy);
    }

    [Fact]
    public async Task Approve_TwoOperatorsAtOnceOnAManifestNeedingTwo_ExactlyOneCompletesTheCount()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("approval_race"), simulator, folder.Path);
        var store = app.Services.GetRequiredService<OperatorActionsStore>();
        var now = TimeProvider.System.GetUtcNow();

        var outcomes = new List<ApprovalOutcome[]>();
        for (var i = 0; i < 10; i++)
        {
            var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(
                folder.File($"returns-{i}.csv", $"order_id,currency,refunded_amount\norder-{i},EUR,100\n"), "drop-folder",
                new ImportOptions(RequireApproval: true, ApprovalsRequired: 2), default);
            var votes = await Task.WhenAll(
                Task.Run(() => store.ApproveAsync(import.Manifest.ManifestId, "alice", fourEyes: true, now, default)),
                Task.Run(() => store.ApproveAsync(import.Manifest.ManifestId, "bob", fourEyes: true, now, default)));
            outcomes.Add([.. votes.Select(vote => vote.Outcome).Order()]);
            Assert.NotNull((await app.Services.GetRequiredService<ManifestStore>().FindAsync(import.Manifest.ManifestId, default))!.ApprovedAt);
        }

        Assert.All(outcomes, pair => Assert.Equal([ApprovalOutcome.Recorded, ApprovalOutcome.Approved], pair));
    }

    [Fact]
    public async Task RetryFailed_ResendsOnlyRetryableFailuresWithTheirKeys_NeverASucceededRow()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(simulator, 3);
        var unavailable = orders.Rows[1].OrderId;
        simulator.Server.State.Faults.Enqueue(unavailable, new FaultSpec(FaultKind.Error503, Times: 5) { Operation = FaultOperation.Refund });
        var csv = orders.Csv + "no-such-order,EUR,100\n";
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("retry"), simulator, folder.Path,
            new Dictionary<string, string?> { ["Dispatch:MaxAttempts"] = "5" });
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(folder.File("returns.csv", csv), "alice", default);
        var manifestId = import.Manifest.ManifestId;
        await RunAsync(app, manifestId);
        var before = ReportFile.Read(await Reports(app).WriteAsync(manifestId, null, default));

        var retried = await Actions(app).RetryFailedAsync(manifestId, "bob", default);
        await RunAsync(app, manifestId);

        Assert.Equal(["succeeded", "failed", "succeeded", "failed"], before.Select(line => line["status"]));
        Assert.Contains("1 row(s)", retried.Message, StringComparison.Ordinal);
        var ledger = await simulator.LedgerAsync();
        orders.AssertExactlyOneRefundPerRow(ledger);
        var after = ReportFile.Read(await Reports(app).WriteAsync(manifestId, null, default));
        Assert.Equal(["succeeded", "succeeded", "succeeded", "failed"], after.Select(line => line["status"]));
        // The retried row kept its key; the 404 row was not sent again.
        Assert.Equal(before[1]["idempotency_key"], ledger.Single(entry => entry.OrderId == unavailable).IdempotencyKey);
        Assert.Equal(before[3]["attempts"], after[3]["attempts"]);
        await ManifestCounters.AssertMatchRowsAsync(app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>());
    }

    [Fact]
    public async Task CancelRemaining_SkipsRowsNotSentAndReportsThem()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(simulator, 2);
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("cancel"), simulator, folder.Path);
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(folder.File("returns.csv", orders.Csv), "alice",
            new ImportOptions(RequireApproval: true), default);

        var cancelled = await Actions(app).CancelRemainingAsync(import.Manifest.ManifestId, "bob", default);

        Assert.True(cancelled.Succeeded, cancelled.Message);
        Assert.Empty(await simulator.LedgerAsync());
        var report = ReportFile.Read(await Reports(app).WriteAsync(import.Manifest.ManifestId, null, default));
        Assert.All(report, line => Assert.Equal("skipped", line["status"]));
        Assert.Contains("cancelled by bob", report[0]["error_message"], StringComparison.Ordinal);
        Assert.NotNull((await app.Services.GetRequiredService<ManifestStore>().FindAsync(import.Manifest.ManifestId, default))!.CompletedAt);
        await ManifestCounters.AssertMatchRowsAsync(app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>());
    }

    private static OperatorActions Actions(AppHost app) => app.Services.GetRequiredService<OperatorActions>();

    private static ReportService Reports(AppHost app) => app.Services.GetRequiredService<ReportService>();

    private static async Task RunAsync(AppHost app, Guid manifestId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(manifestId, null, timeout.Token);
    }
}
