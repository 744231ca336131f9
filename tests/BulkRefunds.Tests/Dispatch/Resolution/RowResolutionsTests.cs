using System.Text.Json;
using BulkRefunds.Audit;
using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.KlarnaSimulator;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Reports;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BulkRefunds.Tests.Dispatch.Resolution;

/// <summary>
/// Resolving needs_review rows by hand (sql/0023), on rows the dispatcher really left in review and Klarna's ledger: the
/// operator answers with the truth the ledger holds, as an honest operator reading the portal would.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class RowResolutionsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Resolve_RefundedWithTheLedgersRefundId_SucceedsCountersAgreeReportNotesItAndCompletesOnce()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await CreateAsync("resolve_refunded", simulator, folder, fourEyes: false);
        var review = await ReviewRows.DispatchAsync(app.Services, simulator, folder, true);
        var refund = Assert.Single(await simulator.LedgerAsync());

        var result = await Resolutions(app).ResolveAsync(review.ManifestId, await review.RowIdAsync(app.Services, 0), "alice",
            ResolutionOutcome.Refunded, $"  {refund.RefundId} ", "Found in the portal:\r\nrefund listed", default);

        Assert.Equal((ResolutionAnswer.Succeeded, "succeeded"), (result.Answer, result.State));
        var (line, summary) = await WrittenReportAsync(app, review.ManifestId);
        Assert.Equal(("succeeded", refund.RefundId, ""), (line["status"], line["refund_id"], line["error_code"]));
        Assert.StartsWith($"Resolved by hand by alice on {TimeProvider.System.GetUtcNow():yyyy-MM-dd}: refunded (refund id {refund.RefundId}) — Found in the portal: refund listed",
            line["note"], StringComparison.Ordinal);
        Assert.Equal(1, summary.GetProperty("rows_resolved_by_hand").GetInt32());
        Assert.Equal(1, summary.GetProperty("rows_by_status").GetProperty("succeeded").GetInt32());
        await ManifestCounters.AssertMatchRowsAsync(DataSource(app));
        Assert.Single(await simulator.LedgerAsync());
        var entry = Assert.Single(await Audit(app, review.ManifestId));
        Assert.Equal((AuditAct.Resolve, "alice"), (entry.Act, entry.Actor));
        Assert.Contains($"refunded (refund id {refund.RefundId})", entry.Detail, StringComparison.Ordinal);
        Assert.Equal(["rows.needs_review", "manifest.completed"], await EventsAsync(app, review.ManifestId));
    }

    [Fact]
    public async Task Resolve_NotApplied_FailsRetryableAndAReUploadOfTheReturnTakesItOverAndIsRefundedOnce()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await CreateAsync("resolve_not_applied", simulator, folder, fourEyes: false);
        var review = await ReviewRows.DispatchAsync(app.Services, simulator, folder, false);
        var ledgerBefore = await simulator.LedgerAsync();

        var result = await Resolutions(app).ResolveAsync(review.ManifestId, await review.RowIdAsync(app.Services, 0), "alice",
            ResolutionOutcome.NotApplied, null, "No refund on the order in the portal", default);
        var (line, summary) = await WrittenReportAsync(app, review.ManifestId);
        var again = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(
            folder.File("returns-again.csv", ReviewRows.Csv(review.Rows) + "\n"), "uploader", default);
        await app.Services.GetRequiredService<ManifestDispatcher>().DispatchAsync(again.Manifest.ManifestId, default);

        Assert.Empty(ledgerBefore);
        Assert.Equal((ResolutionAnswer.Failed, "failed"), (result.Answer, result.State));
        Assert.Equal(("failed", RowResolutionStore.NotAppliedCode), (line["status"], line["error_code"]));
        Assert.Contains("Resolved by hand by alice on ", line["note"], StringComparison.Ordinal);
        Assert.Contains(": not applied — No refund on the order in the portal", line["note"], StringComparison.Ordinal);
        Assert.Equal(1, summary.GetProperty("rows_resolved_by_hand").GetInt32());
        Assert.Equal(1, again.RowsByState.GetValueOrDefault(RowState.Staged));
        var refund = Assert.Single(await simulator.LedgerAsync());
        Assert.Equal((review.Rows[0].OrderId, review.Rows[0].AmountMinor), (refund.OrderId, refund.RefundedAmount));
        var first = Assert.Single(ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(review.ManifestId, null, default)));
        Assert.Equal("superseded", first["status"]);
        await ManifestCounters.AssertMatchRowsAsync(DataSource(app));
    }

    [Fact]
    public async Task Resolve_UnderFourEyes_PendingUntilAnotherOperatorConfirms_TheProposerIsRefused()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await CreateAsync("resolve_four_eyes", simulator, folder, fourEyes: true);
        var review = await ReviewRows.DispatchAsync(app.Services, simulator, folder, true);
        var refund = Assert.Single(await simulator.LedgerAsync());
        var rowId = await review.RowIdAsync(app.Services, 0);

        var proposed = await Resolutions(app).ResolveAsync(review.ManifestId, rowId, "alice", ResolutionOutcome.Refunded, refund.RefundId, "In the portal", default);
        var second = await Resolutions(app).ResolveAsync(review.ManifestId, rowId, "bob", ResolutionOutcome.NotApplied, null, "Not there", default);
        var countsWhilePending = await app.Services.GetRequiredService<ManifestStore>().CountByStateAsync(review.ManifestId, default);
        var pending = await Resolutions(app).PendingAsync(review.ManifestId, default);
        var byProposer = await Resolutions(app).ConfirmAsync(review.ManifestId, rowId, "alice", null, default);
        var confirmed = await Resolutions(app).ConfirmAsync(review.ManifestId, rowId, "bob", "checked too", default);
        var (line, _) = await WrittenReportAsync(app, review.ManifestId);

        Assert.Equal((ResolutionAnswer.PendingConfirmation, "pending_confirmation"), (proposed.Answer, proposed.State));
        var awaiting = Assert.Single(pending);
        Assert.Equal((rowId, 2, "alice", refund.RefundId), (awaiting.RowId, awaiting.LineNumber, awaiting.Resolution.ProposedBy, awaiting.Resolution.RefundId));
        Assert.Empty(await Resolutions(app).PendingAsync(review.ManifestId, default));
        Assert.Equal(ResolutionAnswer.Conflict, second.Answer);
        Assert.Contains("awaiting confirmation", second.Message, StringComparison.Ordinal);
        Assert.Equal(1, countsWhilePending.GetValueOrDefault(RowState.NeedsReview));
        Assert.Equal(ResolutionAnswer.Conflict, byProposer.Answer);
        Assert.Contains("four-eyes rule needs a different operator", byProposer.Message, StringComparison.Ordinal);
        Assert.Equal(ResolutionAnswer.Succeeded, confirmed.Answer);
        Assert.Equal(("succeeded", refund.RefundId), (line["status"], line["refund_id"]));
        Assert.Contains($"refunded (refund id {refund.RefundId}); confirmed by bob (checked too) — In the portal", line["note"], StringComparison.Ordinal);
        // The refused acts (a second proposal, the proposer's confirmation) left no entry.
        Assert.Equal([(AuditAct.Resolve, "alice"), (AuditAct.ResolveConfirm, "bob")],
            (await Audit(app, review.ManifestId)).Select(entry => (entry.Act, entry.Actor)));
        await ManifestCounters.AssertMatchRowsAsync(DataSource(app));
    }

    [Fact]
    public async Task Reject_UnderFourEyes_ClearsTheProposalTheRowStillNeedsReviewAndCanBeResolvedAnew()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await CreateAsync("resolve_reject", simulator, folder, fourEyes: true);
        var review = await ReviewRows.DispatchAsync(app.Services, simulator, folder, false);
        var rowId = await review.RowIdAsync(app.Services, 0);

        await Resolutions(app).ResolveAsync(review.ManifestId, rowId, "alice", ResolutionOutcome.NotApplied, null, "Nothing in the portal", default);
        var rejected = await Resolutions(app).RejectAsync(review.ManifestId, rowId, "bob", default);
        var confirmAfter = await Resolutions(app).ConfirmAsync(review.ManifestId, rowId, "carol", null, default);
        var anew = await Resolutions(app).ResolveAsync(review.ManifestId, rowId, "bob", ResolutionOutcome.NotApplied, null, "Checked again", default);
        var confirmed = await Resolutions(app).ConfirmAsync(review.ManifestId, rowId, "alice", null, default);

        Assert.Equal((ResolutionAnswer.Cleared, "needs_review"), (rejected.Answer, rejected.State));
        Assert.Equal(ResolutionAnswer.Conflict, confirmAfter.Answer);
        Assert.Equal(ResolutionAnswer.PendingConfirmation, anew.Answer);
        Assert.Equal(ResolutionAnswer.Failed, confirmed.Answer);
        var (line, _) = await WrittenReportAsync(app, review.ManifestId);
        Assert.Contains("by bob on", line["note"], StringComparison.Ordinal);
        Assert.Contains("confirmed by alice — Checked again", line["note"], StringComparison.Ordinal);
        Assert.Equal(4, (await Audit(app, review.ManifestId)).Count);
        Assert.StartsWith("rejected alice's resolution", (await Audit(app, review.ManifestId))[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_BadInputOrARowNotInReview_IsRefusedAndRecordsNothing()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await CreateAsync("resolve_refused", simulator, folder, fourEyes: false);
        var review = await ReviewRows.DispatchAsync(app.Services, simulator, folder, false, true);
        var (first, second) = (await review.RowIdAsync(app.Services, 0), await review.RowIdAsync(app.Services, 1));
        var refundId = Assert.Single(await simulator.LedgerAsync()).RefundId;

        var noComment = await Resolutions(app).ResolveAsync(review.ManifestId, first, "alice", ResolutionOutcome.NotApplied, null, " \t\r\n ", default);
        var noRefundId = await Resolutions(app).ResolveAsync(review.ManifestId, first, "alice", ResolutionOutcome.Refunded, null, "Refunded", default);
        var tooLong = await Resolutions(app).ResolveAsync(review.ManifestId, first, "alice", ResolutionOutcome.NotApplied, null, new string('x', 501), default);
        var unknownRow = await Resolutions(app).ResolveAsync(review.ManifestId, second + 1000, "alice", ResolutionOutcome.NotApplied, null, "x", default);
        await Resolutions(app).ResolveAsync(review.ManifestId, second, "alice", ResolutionOutcome.Refunded, refundId, "In the portal", default);
        var resolvedAgain = await Resolutions(app).ResolveAsync(review.ManifestId, second, "bob", ResolutionOutcome.NotApplied, null, "Not there", default);

        Assert.Equal(ResolutionAnswer.Invalid, noComment.Answer);
        Assert.Contains("comment is required", noComment.Message, StringComparison.Ordinal);
        Assert.Equal(ResolutionAnswer.Invalid, noRefundId.Answer);
        Assert.Equal(ResolutionAnswer.Invalid, tooLong.Answer);
        Assert.Equal(ResolutionAnswer.NotFound, unknownRow.Answer);
        Assert.Equal(ResolutionAnswer.Conflict, resolvedAgain.Answer);
        Assert.Equal("Line 3 is succeeded, not needs_review: only a row that needs review can be resolved by hand. Nothing was changed.", resolvedAgain.Message);
        Assert.Equal([(AuditAct.Resolve, (long?)second)], (await Audit(app, review.ManifestId)).Select(entry => (entry.Act, entry.RowId)));
        var counts = await app.Services.GetRequiredService<ManifestStore>().CountByStateAsync(review.ManifestId, default);
        Assert.Equal((1, 1), (counts.GetValueOrDefault(RowState.NeedsReview), counts.GetValueOrDefault(RowState.Succeeded)));
    }

    [Fact]
    public async Task Confirm_TwoOperatorsAtOnce_ExactlyOneApplies()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await CreateAsync("resolve_confirm_race", simulator, folder, fourEyes: true);
        var review = await ReviewRows.DispatchAsync(app.Services, simulator, folder, false, false, false, false, false);

        var answers = new List<ResolutionAnswer[]>();
        for (var i = 0; i < review.Rows.Count; i++)
        {
            var rowId = await review.RowIdAsync(app.Services, i);
            await Resolutions(app).ResolveAsync(review.ManifestId, rowId, "alice", ResolutionOutcome.NotApplied, null, "Not in the portal", default);
            var both = await Task.WhenAll(
                Task.Run(() => Resolutions(app).ConfirmAsync(review.ManifestId, rowId, "bob", null, default)),
                Task.Run(() => Resolutions(app).ConfirmAsync(review.ManifestId, rowId, "carol", null, default)));
            answers.Add([.. both.Select(result => result.Answer).Order()]);
        }

        Assert.All(answers, pair => Assert.Equal([ResolutionAnswer.Failed, ResolutionAnswer.Conflict], pair));
        Assert.Equal(review.Rows.Count, (await Audit(app, review.ManifestId)).Count(entry => entry.Act == AuditAct.ResolveConfirm));
        await ManifestCounters.AssertMatchRowsAsync(DataSource(app));
    }

    private async Task<AppHost> CreateAsync(string purpose, Simulator simulator, TempFolder folder, bool fourEyes) =>
        await TestApp.CreateWorkerAsync(await postgres.CreateDatabaseAsync(purpose), simulator, Path.Combine(folder.Path, "reports"),
            ReviewRows.Settings(fourEyes));

    private static RowResolutions Resolutions(AppHost app) => app.Services.GetRequiredService<RowResolutions>();

    private static NpgsqlDataSource DataSource(AppHost app) => app.Services.GetRequiredService<NpgsqlDataSource>();

    // The resolution acts only: the manifest's upload is in the trail too.
    private static async Task<List<(AuditAct Act, string Actor, long? RowId, string Detail)>> Audit(AppHost app, Guid manifestId)
    {
        await using var connection = await DataSource(app).OpenConnectionAsync();
        var entries = await connection.QueryAsync<(string Act, string Actor, long? RowId, string Detail)>(
            "SELECT act, actor, row_id, detail FROM bulkrefunds.audit_entry WHERE manifest_id = @ManifestId AND act IN ('resolve', 'resolve_confirm') ORDER BY audit_id", new { ManifestId = manifestId });
        return [.. entries.Select(entry => (AuditActText.Parse(entry.Act), entry.Actor, entry.RowId, entry.Detail))];
    }

    // The report and summary the completion door wrote into the reports folder (not a fresh write by the test).
    private static async Task<(Dictionary<string, string> Line, JsonElement Summary)> WrittenReportAsync(AppHost app, Guid manifestId)
    {
        var manifest = (await app.Services.GetRequiredService<ManifestStore>().FindAsync(manifestId, default))!;
        var path = app.Services.GetRequiredService<ReportService>().DefaultPath(manifest);
        using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(path, ".summary.json")));
        return (ReportFile.Read(path)[0], summary.RootElement.Clone());
    }

    private static async Task<List<string>> EventsAsync(AppHost app, Guid manifestId)
    {
        await using var connection = await DataSource(app).OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(
            "SELECT type FROM bulkrefunds.notification_event WHERE manifest_id = @ManifestId ORDER BY created_at", new { ManifestId = manifestId })];
    }
}
