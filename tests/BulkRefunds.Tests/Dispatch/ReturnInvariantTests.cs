using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.KlarnaSimulator;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// One live row per return, through the doors that reach a return from another row: re-uploads, Retry, Cancel, and
/// any statement at all (the constraint in sql/0010). Asserted on the simulator's ledger and on the reports.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReturnInvariantTests(PostgresFixture postgres)
{
    private const string OrderA = "0e7a0000-0000-4000-8000-000000000001";
    private const string OrderB = "0e7a0000-0000-4000-8000-000000000002";
    private static readonly Dictionary<string, string?> ThreeAttempts = new() { ["Dispatch:MaxAttempts"] = "3" };

    [Fact]
    public async Task RetryFailed_AfterTheReturnWasReuploadedAndRefunded_DoesNotRefundItAgainAndSaysWhereItWent()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await simulator.AddOrderAsync(OrderA, "EUR", "DE", captured: 10_000);
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("retry_reupload"), simulator, folder.Path, ThreeAttempts);
        simulator.Server.State.Faults.Enqueue(OrderA, new FaultSpec(FaultKind.Error503, Times: 3) { Operation = FaultOperation.Refund });
        var first = await ImportAsync(app, folder, "monday.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n");
        await RunAsync(app, first);
        var failedFirst = Single(await ReportAsync(app, first));

        var second = await ImportAsync(app, folder, "tuesday.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n".ReplaceLineEndings("\r\n"));
        await RunAsync(app, second);
        var retried = await app.Services.GetRequiredService<OperatorActions>().RetryFailedAsync(first, "bob", default);
        await RunAsync(app, first);

        Assert.Equal("failed", failedFirst["status"]);
        var refund = Assert.Single(await simulator.LedgerAsync());
        Assert.Equal(("succeeded", refund.RefundId), (Single(await ReportAsync(app, second))["status"], Single(await ReportAsync(app, second))["refund_id"]));
        Assert.Contains("takes over line 2 of monday.csv", Single(await ReportAsync(app, second))["note"], StringComparison.Ordinal);
        var old = Single(await ReportAsync(app, first));
        Assert.Equal("superseded", old["status"]);
        Assert.Contains($"taken over by line 2 of tuesday.csv (manifest {second})", old["note"], StringComparison.Ordinal);
        Assert.Contains("1 row(s) are not retried: a later upload took their return over", retried.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_OfAReturnThatNeedsReviewElsewhere_IsADuplicateAndNotSent()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await simulator.AddOrderAsync(OrderA, "EUR", "DE", captured: 10_000);
        var database = await postgres.CreateDatabaseAsync("review_reupload");
        await using var app = await TestApp.StartWorkerAsync(database, simulator, folder.Path);
        var first = await ImportAsync(app, folder, "monday.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n", approval: true);
        // The state a row reaches when Klarna may have applied it and nothing could tell (InDoubtReconciler).
        await ExecuteAsync(database, "UPDATE bulkrefunds.manifest_row SET state = 'needs_review', first_attempt_at = now(), request_body = '{}' WHERE manifest_id = @Id",
            new { Id = first });

        var second = await ImportAsync(app, folder, "tuesday.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n".ReplaceLineEndings("\r\n"));
        await RunAsync(app, second);

        Assert.Empty(await simulator.LedgerAsync());
        var line = Single(await ReportAsync(app, second));
        Assert.Equal("duplicate", line["status"]);
        Assert.Contains($"line 2 of monday.csv (manifest {first}", line["error_message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancelRemaining_OfAManifestACorrectedFileRepeated_HandsItsReturnsToTheCorrectedFileAwaitingApproval()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await simulator.AddOrderAsync(OrderA, "EUR", "DE", captured: 10_000);
        await simulator.AddOrderAsync(OrderB, "EUR", "DE", captured: 10_000);
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("cancel_handback"), simulator, folder.Path);
        var actions = app.Services.GetRequiredService<OperatorActions>();
        var original = await ImportAsync(app, folder, "returns.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n{OrderB},EUR,2000,RMA-2\n", approval: true);
        var corrected = await ImportAsync(app, folder, "returns-corrected.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n{OrderB},EUR,2500,RMA-2\n", approval: true);
        await actions.ApproveAsync(corrected, "dave", default);
        await RunAsync(app, corrected);
        var duplicatesBefore = (await ReportAsync(app, corrected)).Select(line => line["status"]).ToList();

        var cancel = await actions.CancelRemainingAsync(original, "carol", default);
        var manifest = (await app.Services.GetRequiredService<ManifestStore>().FindAsync(corrected, default))!;
        var approve = await actions.ApproveAsync(corrected, "erin", default);
        await RunAsync(app, corrected);

        Assert.Equal(["duplicate", "succeeded"], duplicatesBefore);
        Assert.Contains($"wait for approval: {corrected}", cancel.Message, StringComparison.Ordinal);
        Assert.True(manifest.AwaitingApproval);
        // Notified when it was imported, and again when the cancel made it wait.
        await using (var connection = await app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync())
        {
            Assert.Equal(["imported", "took_over_returns"], await Dapper.SqlMapper.QueryAsync<string>(connection,
                "SELECT coalesce(payload->>'reason', 'imported') FROM bulkrefunds.notification_event " +
                "WHERE manifest_id = @Id AND type = 'manifest.awaiting_approval' ORDER BY created_at", new { Id = corrected }));
        }

        Assert.True(approve.Succeeded, approve.Message);
        var ledger = await simulator.LedgerAsync();
        Assert.Equal([(OrderA, 1000L), (OrderB, 2500L)], ledger.Select(entry => (entry.OrderId, entry.RefundedAmount)).Order());
        var report = await ReportAsync(app, corrected);
        Assert.Equal(["succeeded", "succeeded"], report.Select(line => line["status"]));
        Assert.Contains("was a duplicate of line 2 of returns.csv", report[0]["note"], StringComparison.Ordinal);
        Assert.All(await ReportAsync(app, original), line => Assert.Equal("skipped", line["status"]));
    }

    [Fact]
    public async Task CancelRemaining_WhenTheRepeatingManifestWasCancelledToo_SendsNothing()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await simulator.AddOrderAsync(OrderA, "EUR", "DE", captured: 10_000);
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("cancel_both"), simulator, folder.Path);
        var actions = app.Services.GetRequiredService<OperatorActions>();
        var first = await ImportAsync(app, folder, "a.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n", approval: true);
        var second = await ImportAsync(app, folder, "b.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n".ReplaceLineEndings("\r\n"), approval: true);

        await actions.CancelRemainingAsync(second, "carol", default);
        var cancel = await actions.CancelRemainingAsync(first, "carol", default);
        await app.Services.GetRequiredService<RecoverySweepJob>().RunAsync(default);

        Assert.DoesNotContain("wait for approval", cancel.Message, StringComparison.Ordinal);
        Assert.Empty(await simulator.LedgerAsync());
        Assert.Equal("duplicate", Single(await ReportAsync(app, second))["status"]);
    }

    [Fact]
    public async Task CancelRemaining_OfAManifestWhoseRowFailedRetryably_HandsTheReturnToItsDuplicateElsewhere()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await simulator.AddOrderAsync(OrderA, "EUR", "DE", captured: 10_000);
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("cancel_failed_handback"), simulator, folder.Path, ThreeAttempts);
        var actions = app.Services.GetRequiredService<OperatorActions>();
        var first = await ImportAsync(app, folder, "a.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n");
        var second = await ImportAsync(app, folder, "b.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n".ReplaceLineEndings("\r\n"));
        simulator.Server.State.Faults.Enqueue(OrderA, new FaultSpec(FaultKind.RateLimited, Times: 3) { Operation = FaultOperation.Refund });
        await RunAsync(app, first);
        var failed = Single(await ReportAsync(app, first))["status"];

        var cancel = await actions.CancelRemainingAsync(first, "carol", default);
        var approve = await actions.ApproveAsync(second, "erin", default);
        await RunAsync(app, second);

        Assert.Equal("failed", failed);
        Assert.Contains($"wait for approval: {second}", cancel.Message, StringComparison.Ordinal);
        Assert.True(approve.Succeeded, approve.Message);
        AssertHandedOver(await simulator.LedgerAsync(), Single(await ReportAsync(app, first)), Single(await ReportAsync(app, second)));
    }

    [Fact]
    public async Task RowOfACancelledManifest_FailingRetryablyAfterTheCancel_HandsTheReturnToItsDuplicateElsewhere()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await simulator.AddOrderAsync(OrderA, "EUR", "DE", captured: 10_000);
        var database = await postgres.CreateDatabaseAsync("cancel_inflight_handback");
        await using var app = await TestApp.StartWorkerAsync(database, simulator, folder.Path, ThreeAttempts);
        var actions = app.Services.GetRequiredService<OperatorActions>();
        var first = await ImportAsync(app, folder, "a.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n");
        var second = await ImportAsync(app, folder, "b.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n".ReplaceLineEndings("\r\n"));
        // 429 with Retry-After: 2 on every try keeps the row in flight for seconds, then fails it as proven not applied.
        simulator.Server.State.Faults.Enqueue(OrderA, new FaultSpec(FaultKind.RateLimited, Times: 3) { Operation = FaultOperation.Refund, RetryAfterSeconds = 2 });
        var running = RunAsync(app, first);
        await WaitForStateAsync(database, first, "sending");

        var cancel = await actions.CancelRemainingAsync(first, "carol", default);
        await running;
        var approve = await actions.ApproveAsync(second, "erin", default);
        await RunAsync(app, second);

        Assert.Contains("0 row(s) not yet sent are skipped.", cancel.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wait for approval", cancel.Message, StringComparison.Ordinal);
        Assert.True(approve.Succeeded, approve.Message);
        AssertHandedOver(await simulator.LedgerAsync(), Single(await ReportAsync(app, first)), Single(await ReportAsync(app, second)));
    }

    private static void AssertHandedOver(IReadOnlyList<LedgerEntry> ledger, Dictionary<string, string> old, Dictionary<string, string> taker)
    {
        var refund = Assert.Single(ledger);
        Assert.Equal((OrderA, 1000L), (refund.OrderId, refund.RefundedAmount));
        Assert.Equal("superseded", old["status"]);
        Assert.Contains("its manifest was cancelled; handed to line 2 of b.csv", old["note"], StringComparison.Ordinal);
        Assert.Equal(("succeeded", refund.RefundId), (taker["status"], taker["refund_id"]));
        Assert.Contains("was a duplicate of line 2 of a.csv", taker["note"], StringComparison.Ordinal);
    }

    private static async Task WaitForStateAsync(string connectionString, Guid manifestId, string state)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await connection.ExecuteScalarAsync<string>("SELECT state FROM bulkrefunds.manifest_row WHERE manifest_id = @Id", new { Id = manifestId }) != state)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"the row never reached {state}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Constraint_ASecondLiveRowForAReturnWrittenByAnyStatement_IsRefusedAtCommit()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var database = await postgres.CreateDatabaseAsync("invariant_sql");
        await using var app = await TestApp.StartWorkerAsync(database, simulator, folder.Path);
        await ImportAsync(app, folder, "a.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n", approval: true);
        var second = await ImportAsync(app, folder, "b.csv", $"{Header}{OrderA},EUR,1000,RMA-1\n".ReplaceLineEndings("\r\n"), approval: true);

        // A door that forgets the rule: it stages the duplicate as if it were its own return.
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(database,
            "UPDATE bulkrefunds.manifest_row SET state = 'staged', duplicate_of = NULL, duplicate_of_row_id = NULL WHERE manifest_id = @Id",
            new { Id = second }));

        Assert.Equal((PostgresErrorCodes.ExclusionViolation, "manifest_row_one_live_row_per_return"), (refused.SqlState, refused.ConstraintName));
    }

    private const string Header = "order_id,currency,refunded_amount,reference\n";

    private static async Task<Guid> ImportAsync(AppHost app, TempFolder folder, string name, string csv, bool approval = false) =>
        (await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(folder.File(name, csv), "alice",
            new ImportOptions(RequireApproval: approval), default)).Manifest.ManifestId;

    private static async Task RunAsync(AppHost app, Guid manifestId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(manifestId, null, timeout.Token);
    }

    private static async Task<IReadOnlyList<Dictionary<string, string>>> ReportAsync(AppHost app, Guid manifestId) =>
        ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(manifestId, null, default));

    private static Dictionary<string, string> Single(IReadOnlyList<Dictionary<string, string>> report) => Assert.Single(report);

    private static async Task ExecuteAsync(string connectionString, string sql, object parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.ExecuteAsync(sql, parameters);
    }
}
