using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Telemetry;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// A worker dies while a row is 'sending' and nobody takes the row over until Klarna's 24 h key window has passed
/// (one simulated clock for the dispatcher and the simulator). The row is settled through GET order: applied → the
/// refund found there; never applied → staged again under a new key and sent once; unclear → needs_review, unsent.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class KeyWindowTests(PostgresFixture postgres)
{
    private const string Order = "7719051f-0b8c-5afc-a864-0c56fe04ef32"; // seed: CAPTURED 9500 EUR

    [Fact]
    public async Task Dispatch_PastTheWindowAndTheRefundWasApplied_SucceedsWithItAndSendsNothingNew()
    {
        var (simulator, app, clock, manifestId, claimed) = await ClaimAndAbandonAsync("window_applied");
        await using var _ = simulator;
        await using var __ = app;
        var applied = Assert.IsType<KlarnaSuccess>(await Accounts(app).Get("default").CreateRefundAsync(Order, claimed.RequestBody!, claimed.IdempotencyKey, default));
        clock.Advance(TimeSpan.FromHours(21));

        await Dispatcher(app, clock).DispatchAsync(manifestId, default);

        var entry = Assert.Single(await simulator.LedgerAsync());
        var line = Assert.Single(ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(manifestId, null, default)));
        Assert.Equal(("succeeded", applied.RefundId, claimed.IdempotencyKey.ToString("D")), (line["status"], line["refund_id"], line["idempotency_key"]));
        Assert.Equal(claimed.IdempotencyKey.ToString("D"), entry.IdempotencyKey);
    }

    [Fact]
    public async Task Dispatch_PastTheWindowAndNeverApplied_IsSentOnceUnderANewStoredKey()
    {
        var (simulator, app, clock, manifestId, claimed) = await ClaimAndAbandonAsync("window_absent");
        await using var _ = simulator;
        await using var __ = app;
        clock.Advance(TimeSpan.FromHours(21));

        await Dispatcher(app, clock).DispatchAsync(manifestId, default);

        var entry = Assert.Single(await simulator.LedgerAsync());
        var newKey = IdempotencyKeys.Next(claimed.IdempotencyKey);
        Assert.Equal((newKey.ToString("D"), 9500L), (entry.IdempotencyKey, entry.RefundedAmount));
        var line = Assert.Single(ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(manifestId, null, default)));
        Assert.Equal(("succeeded", entry.RefundId, newKey.ToString("D")), (line["status"], line["refund_id"], line["idempotency_key"]));
        Assert.Contains($"key {claimed.IdempotencyKey:D} went unanswered", line["note"], StringComparison.Ordinal);
        await ManifestCounters.AssertMatchRowsAsync(app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>());
    }

    [Fact]
    public async Task Dispatch_PastTheWindowAndAnUnidentifiedRefundOfThatAmount_NeedsReviewAndSendsNothing()
    {
        var (simulator, app, clock, manifestId, _) = await ClaimAndAbandonAsync("window_unclear");
        await using var _s = simulator;
        await using var _a = app;
        // Someone refunded the same amount in the portal, without our row tag: it might be this row's refund.
        var portal = KlarnaJson.Serialize(new RefundRequest(9500, "refund from the portal", null));
        Assert.IsType<KlarnaSuccess>(await Accounts(app).Get("default").CreateRefundAsync(Order, portal, Guid.NewGuid(), default));
        clock.Advance(TimeSpan.FromHours(21));

        await Dispatcher(app, clock).DispatchAsync(manifestId, default);

        Assert.Single(await simulator.LedgerAsync());
        var line = Assert.Single(ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(manifestId, null, default)));
        Assert.Equal(("needs_review", "NEEDS_REVIEW"), (line["status"], line["error_code"]));
        // Raised in the transaction that recorded the row: one event naming the line, then the completion that counts it.
        await using var connection = await app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        var events = (await Dapper.SqlMapper.QueryAsync<(string Type, string Payload)>(connection,
            "SELECT type, payload::text FROM bulkrefunds.notification_event WHERE manifest_id = @ManifestId ORDER BY created_at",
            new { ManifestId = manifestId })).ToList();
        Assert.Equal(["rows.needs_review", "manifest.completed"], events.Select(e => e.Type));
        Assert.Equal("[2]", System.Text.Json.JsonDocument.Parse(events[0].Payload).RootElement.GetProperty("line_numbers").GetRawText());
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(events[1].Payload).RootElement.GetProperty("rows_by_status").GetProperty("needs_review").GetInt32());
    }

    [Fact]
    public async Task Retry_InDoubtRowPastTheWindowNeverApplied_EachAttemptKeepsTheKeyItWasSentWith()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
        await using var simulator = await Simulator.StartAsync(clock);
        var database = await postgres.CreateDatabaseAsync("window_attempt_keys");
        // One attempt, unanswered within 1 s: the row ends in_doubt under its first key. Klarna never applied it.
        await using var app = await StartAppAsync(simulator, database, ("Klarna:TimeoutSeconds", "1"), ("Dispatch:MaxAttempts", "1"));
        simulator.Server.State.Faults.Enqueue(Order, new FaultSpec(FaultKind.Hang) { Operation = FaultOperation.Refund });
        var manifestId = await ImportOneRowAsync(app);
        await Dispatcher(app, clock).DispatchAsync(manifestId, default);
        var firstKey = Guid.Parse(Assert.Single(await ReportAsync(app, manifestId))["idempotency_key"]);

        // A day later an operator retries it: past the window, the order shows no such refund, so it goes under a new key.
        clock.Advance(TimeSpan.FromHours(21));
        Assert.True((await app.Services.GetRequiredService<OperatorActions>().RetryFailedAsync(manifestId, "olga", default)).Succeeded);
        await Dispatcher(app, clock).DispatchAsync(manifestId, default);

        var entry = Assert.Single(await simulator.LedgerAsync());
        var newKey = IdempotencyKeys.Next(firstKey);
        Assert.Equal(newKey.ToString("D"), entry.IdempotencyKey);
        Assert.Equal([(firstKey, "in_doubt"), (newKey, "succeeded")], await StagedRows.AttemptKeysAsync(database, Order));
    }

    // Imports one refund row, claims it as a worker would (key, body and first_attempt_at stored), and lets the lease
    // run out without an outcome: the worker died somewhere between the claim and recording what Klarna said.
    private async Task<(Simulator, AppHost, FakeTimeProvider, Guid, ClaimedRow)> ClaimAndAbandonAsync(string purpose)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
        var simulator = await Simulator.StartAsync(clock);
        var app = await StartAppAsync(simulator, await postgres.CreateDatabaseAsync(purpose));
        var manifestId = await ImportOneRowAsync(app);
        var claimed = Assert.Single(await app.Services.GetRequiredService<DispatchStore>().ClaimAsync(manifestId, Guid.NewGuid(), 10, leaseSeconds: 1,
            clock.GetUtcNow(), (row, lines) => RequestBodies.For(manifestId, row, lines), default));
        await Task.Delay(TimeSpan.FromSeconds(1.2)); // the lease is PostgreSQL's clock
        return (simulator, app, clock, manifestId, claimed);
    }

    // Built, not started: the test runs the dispatcher itself, on the simulated clock.
    private static Task<AppHost> StartAppAsync(Simulator simulator, string database, params (string Key, string Value)[] settings) =>
        TestApp.CreateWorkerAsync(database, simulator, Path.Combine(Path.GetTempPath(), $"bulkrefunds-window-{Guid.NewGuid():N}"),
            settings.ToDictionary(setting => setting.Key, setting => (string?)setting.Value));

    private static async Task<Guid> ImportOneRowAsync(AppHost app)
    {
        using var folder = new TempFolder();
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(
            folder.File("one.csv", $"order_id,currency,amount,reference\n{Order},EUR,95.00,RMA-1\n"), "test", default);
        return import.Manifest.ManifestId;
    }

    private static async Task<List<Dictionary<string, string>>> ReportAsync(AppHost app, Guid manifestId) =>
        ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(manifestId, null, default));

    private static KlarnaAccounts Accounts(AppHost app) => app.Services.GetRequiredService<KlarnaAccounts>();

    private static ManifestDispatcher Dispatcher(AppHost app, TimeProvider clock)
    {
        var services = app.Services;
        var options = services.GetRequiredService<IOptions<DispatchOptions>>();
        var telemetry = services.GetRequiredService<BulkRefundsTelemetry>();
        var rows = new RowSender(Accounts(app), new InDoubtReconciler(clock), options, clock, telemetry);
        var completion = new ManifestCompletion(services.GetRequiredService<ManifestStore>(),
            services.GetServices<CompletionReport>(), clock, NullLogger<ManifestCompletion>.Instance);
        return new ManifestDispatcher(services.GetRequiredService<DispatchStore>(),
            new OrderSender(Accounts(app), rows, options, services.GetRequiredService<AutoReleaseThreshold>(), clock), completion,
            options, clock, telemetry, NullLogger<ManifestDispatcher>.Instance);
    }
}
