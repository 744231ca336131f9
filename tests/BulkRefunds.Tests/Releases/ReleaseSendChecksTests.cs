using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Releases;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Telemetry;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Klarna;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BulkRefunds.Tests.Releases;

/// <summary>
/// Issue 11, scenario 5: a release is checked every time it is sent — GET order and the release rules, first send or
/// not — and an auto-release's "no capture for N days" is checked again at send time, where missing capture dates
/// mean "not releasable", never "stale". The threshold is the one the sweep planned the release with (kept by its
/// manifest), never the sending worker's own (scenario 4's spirit: a worker with other settings settles nothing).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReleaseSendChecksTests(PostgresFixture postgres)
{
    private static readonly Dictionary<string, string?> AutoReleaseAfterSevenDays = new()
    {
        ["Releases:AutoReleaseAfterDays"] = "7",
        ["Dispatch:MaxAttempts"] = "3",
        ["Dispatch:FirstRetryDelayMilliseconds"] = "50",
        ["Dispatch:MaxRetryDelaySeconds"] = "1",
    };

    [Fact]
    public async Task RetryFailed_ReleaseOfAnOrderFullyCapturedMeanwhile_IsNotReleasableAndReleasesNothing()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        const string orderId = "0e1e0000-0000-4000-8000-000000000001";
        await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 6000, orderAmount: 10000);
        simulator.Server.State.Faults.Enqueue(orderId, new FaultSpec(FaultKind.Error503, Times: 3) { Operation = FaultOperation.Release });
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("release_retry"), simulator, folder.Path, AutoReleaseAfterSevenDays);
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(
            folder.File("releases.csv", $"action,order_id,reference\nrelease,{orderId},REL-1\n"), "test", default);
        var manifestId = import.Manifest.ManifestId;
        await RunAsync(app, manifestId);
        var before = Assert.Single(await ReportAsync(app, manifestId));
        await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 10000, orderAmount: 10000);

        await app.Services.GetRequiredService<OperatorActions>().RetryFailedAsync(manifestId, "bob", default);
        await RunAsync(app, manifestId);

        Assert.Equal(("failed", "PROVEN_NOT_APPLIED"), (before["status"], before["error_code"]));
        Assert.Empty(await simulator.LedgerAsync());
        Assert.Equal("not_releasable", Assert.Single(await ReportAsync(app, manifestId))["status"]);
    }

    [Fact]
    public async Task SendAsync_ReclaimedAutoReleaseOfAnOrderCapturedSincePlanning_IsNotReleasable()
    {
        await using var simulator = await Simulator.StartAsync();
        const string orderId = "0e1e0000-0000-4000-8000-000000000002";
        await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 6000, orderAmount: 10000, capturedAt: TimeProvider.System.GetUtcNow().AddDays(-1));
        using var accounts = KlarnaTestAccounts.Create(simulator.BaseAddress);
        // No recorded threshold (an auto-release manifest imported before sql/0013): the sending worker's 7 days apply.
        var reclaimed = new ClaimedRow(1, 2, KlarnaTestAccounts.Account, BulkRefunds.Manifests.ManifestAction.Release, orderId, null, null, "AUTO-RELEASE-20261130", null, Guid.NewGuid(), null, 1,
            TimeProvider.System.GetUtcNow().AddMinutes(-2).UtcDateTime, null, null, FirstClaim: false, AutoRelease: true);

        var outcome = Assert.Single(await Sender(accounts, KlarnaTestAccounts.Telemetry, autoReleaseAfterDays: 7).SendAsync([reclaimed], default));

        Assert.Equal((RowState.NotReleasable, "NOT_RELEASABLE"), (outcome.State, outcome.ErrorCode));
        Assert.Contains("less than 7 days ago", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await simulator.LedgerAsync());
    }

    [Fact]
    public async Task SweepAsync_AutoReleaseOfAnOrderCapturedAfterPlanning_ReleasesNothing()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        const string orderId = "0e1e0000-0000-4000-8000-000000000003";
        // Captured "today": stale to the planner's clock 30 years on, fresh to the dispatcher's when it sends the release.
        await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 6000, orderAmount: 10000, capturedAt: TimeProvider.System.GetUtcNow());
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("release_captured"), simulator, folder.Path, AutoReleaseAfterSevenDays);
        await RefundAsync(app, folder, orderId);

        var sweep = await Sweep(app, new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddYears(30))).SweepAsync("command", default);
        var autoRelease = Assert.Single(sweep.Manifests);
        await RunAsync(app, autoRelease);

        Assert.DoesNotContain(await simulator.LedgerAsync(), entry => entry.Kind == "release");
        var line = Assert.Single(await ReportAsync(app, autoRelease));
        Assert.Equal("not_releasable", line["status"]);
        Assert.Contains("less than 7 days ago", line["error_message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task SweepAsync_AutoReleaseOfAnOrderWithoutCaptureDates_ReleasesNothing()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        const string orderId = "0e1e0000-0000-4000-8000-000000000004";
        await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 6000, orderAmount: 10000); // its capture has no captured_at
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("release_no_dates"), simulator, folder.Path, AutoReleaseAfterSevenDays);
        await RefundAsync(app, folder, orderId);
        var planner = Planner(app, new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddYears(30)));

        var plan = await planner.StaleAsync(7, default);
        var sweep = await Sweep(app, new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddYears(30))).SweepAsync("command", default);

        var candidate = Assert.Single(plan);
        Assert.False(candidate.Release);
        Assert.Contains("capture dates are missing", candidate.Reason, StringComparison.Ordinal);
        Assert.Empty(sweep.Manifests);
        Assert.DoesNotContain(await simulator.LedgerAsync(), entry => entry.Kind == "release");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("60")]
    public async Task SweepAsync_AutoReleaseSentByAWorkerWithAnotherThreshold_IsJudgedByTheSweepsSevenDaysAndReleased(string workerDays)
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        const string orderId = "0e1e0000-0000-4000-8000-000000000005";
        await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 6000, orderAmount: 10000, capturedAt: TimeProvider.System.GetUtcNow().AddDays(-30));
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync($"release_worker_{workerDays}"), simulator, folder.Path,
            WorkerWithAutoReleaseAfter(workerDays));
        await RefundAsync(app, folder, orderId);

        var sweep = await Sweep(app, TimeProvider.System).SweepAsync("command", default);
        var autoRelease = Assert.Single(sweep.Manifests);
        await RunAsync(app, autoRelease);

        Assert.Equal(7, (await app.Services.GetRequiredService<ManifestStore>().FindAsync(autoRelease, default))!.AutoReleaseAfterDays);
        Assert.Single(await simulator.LedgerAsync(), entry => entry.Kind == "release");
        Assert.Equal("released", Assert.Single(await ReportAsync(app, autoRelease))["status"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("60")]
    public async Task SweepAsync_AutoReleaseOfAnOrderCapturedTwoDaysAgoSentByAWorkerWithAnotherThreshold_IsNotReleasableByTheSweepsSevenDays(string workerDays)
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        const string orderId = "0e1e0000-0000-4000-8000-000000000006";
        // Captured two days ago: stale to the planner's clock ten days on, fresh by its seven days to the sender's clock.
        await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 6000, orderAmount: 10000, capturedAt: TimeProvider.System.GetUtcNow().AddDays(-2));
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync($"release_fresh_{workerDays}"), simulator, folder.Path,
            WorkerWithAutoReleaseAfter(workerDays));
        await RefundAsync(app, folder, orderId);

        var sweep = await Sweep(app, new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddDays(10))).SweepAsync("command", default);
        var autoRelease = Assert.Single(sweep.Manifests);
        await RunAsync(app, autoRelease);

        Assert.DoesNotContain(await simulator.LedgerAsync(), entry => entry.Kind == "release");
        var line = Assert.Single(await ReportAsync(app, autoRelease));
        Assert.Equal("not_releasable", line["status"]);
        Assert.Contains("less than 7 days ago", line["error_message"], StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> WorkerWithAutoReleaseAfter(string days) =>
        new(AutoReleaseAfterSevenDays) { ["Releases:AutoReleaseAfterDays"] = days };

    private static OrderSender Sender(KlarnaAccounts accounts, BulkRefundsTelemetry telemetry, int autoReleaseAfterDays)
    {
        var dispatch = Options.Create(new DispatchOptions { MaxAttempts = 2, FirstRetryDelayMilliseconds = 50 });
        return new OrderSender(accounts, new RowSender(accounts, new InDoubtReconciler(TimeProvider.System), dispatch, TimeProvider.System, telemetry),
            dispatch, new AutoReleaseThreshold(() => autoReleaseAfterDays), TimeProvider.System);
    }

    private static async Task RefundAsync(AppHost app, TempFolder folder, string orderId)
    {
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(
            folder.File("refunds.csv", $"order_id,currency,amount,reference\n{orderId},EUR,10.00,RMA-1\n"), "test", default);
        await RunAsync(app, import.Manifest.ManifestId);
    }

    private static ReleasePlanner Planner(AppHost app, TimeProvider clock) =>
        new(app.Services.GetRequiredService<ReleaseRunStore>(), app.Services.GetRequiredService<KlarnaAccounts>(),
            Options.Create(new ReleaseOptions { TimeZone = "UTC", AutoReleaseAfterDays = 7 }), clock);

    private static ReleaseSweepJob Sweep(AppHost app, TimeProvider clock) =>
        new(app.Services.GetRequiredService<ReleaseRunStore>(), app.Services.GetRequiredService<ReleaseRunReport>(), Planner(app, clock),
            app.Services.GetRequiredService<ManifestImporter>(), app.Services.GetRequiredService<DispatchQueue>(),
            Options.Create(new ReleaseOptions { TimeZone = "UTC", AutoReleaseAfterDays = 7 }), app.Services.GetRequiredService<IOptions<ReportOptions>>(),
            clock, NullLogger<ReleaseSweepJob>.Instance);

    private static async Task<List<Dictionary<string, string>>> ReportAsync(AppHost app, Guid manifestId) =>
        ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(manifestId, null, default));

    private static async Task RunAsync(AppHost app, Guid manifestId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(manifestId, null, timeout.Token);
    }
}
