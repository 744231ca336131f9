using BulkRefunds.Audit;
using BulkRefunds.Staging;
using Dapper;
using Npgsql;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Resolutions of needs_review rows (sql/0023) as guarded transactions: each locks the row first, so two operators at
/// once queue on it and the second sees what the first did; the row changes only <c>WHERE state = 'needs_review'</c>;
/// the act is recorded in the audit trail in the same transaction, so a refused act leaves no entry.
/// </summary>
public sealed class RowResolutionStore(NpgsqlDataSource dataSource, AuditTrail audit)
{
    private const string LockRowSql = """
        SELECT line_number, state, action = 'release' AS release
        FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId AND row_id = @RowId
        FOR UPDATE
        """;

    private const string LineSql = """
        SELECT row_id FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId AND line_number = @LineNumber
        """;

    private const string PendingSql = """
        SELECT resolution_id, outcome, refund_id, comment, proposed_by
        FROM bulkrefunds.row_resolution WHERE row_id = @RowId AND applied_at IS NULL
        """;

    // Through row_resolution_one_pending_per_row: a handful of rows per manifest at most.
    private const string PendingByManifestSql = """
        SELECT p.row_id, r.line_number, p.outcome, p.refund_id, p.comment, p.proposed_by, p.proposed_at
        FROM bulkrefunds.row_resolution p
        JOIN bulkrefunds.manifest_row r ON r.row_id = p.row_id
        WHERE p.manifest_id = @ManifestId AND p.applied_at IS NULL
        ORDER BY r.line_number
        """;

    private const string InsertSql = """
        INSERT INTO bulkrefunds.row_resolution (row_id, manifest_id, outcome, refund_id, comment, proposed_by, proposed_at, applied_at)
        VALUES (@RowId, @ManifestId, @Outcome, @RefundId, @Comment, @User, @Now, @AppliedAt)
        """;

    private const string ConfirmSql = """
        UPDATE bulkrefunds.row_resolution SET applied_at = @Now, confirmed_by = @User, confirm_comment = @Comment
        WHERE resolution_id = @ResolutionId AND applied_at IS NULL
        """;

    private const string RejectSql = "DELETE FROM bulkrefunds.row_resolution WHERE resolution_id = @ResolutionId AND applied_at IS NULL";

    // Refunded: succeeded with the portal's refund id; the review's error goes (the note says who resolved it and why).
    // Not applied: failed and retryable — still the live holder of its return, so Retry resends it (the in-doubt rule:
    // same key inside Klarna's window, GET order after it) and a re-upload of the return takes it over (sql/0010).
    private const string ApplySql = """
        UPDATE bulkrefunds.manifest_row
        SET state = @State, refund_id = @RefundId, retryable = @Retryable, error_code = @ErrorCode, error_message = @ErrorMessage,
            completed_at = @Now
        WHERE row_id = @RowId AND state = 'needs_review'
        """;

    public const string NotAppliedCode = "RESOLVED_NOT_APPLIED";

    public const string NotAppliedMessage = "Not applied: an operator checked the order in Klarna's portal (see note). Safe to retry or re-upload.";

    public async Task<long?> FindRowIdAsync(Guid manifestId, int lineNumber, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(LineSql,
            new { ManifestId = manifestId, LineNumber = lineNumber }, cancellationToken: cancellationToken));
    }

    /// <summary>The manifest's resolutions awaiting confirmation, in line order.</summary>
    public async Task<IReadOnlyList<PendingResolution>> PendingAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredProposal>(new CommandDefinition(PendingByManifestSql, new { ManifestId = manifestId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(row => new PendingResolution(row.RowId, row.LineNumber,
            new ProposedResolution(Outcome(row.Outcome), row.RefundId, row.Comment, row.ProposedBy), row.ProposedAt))];
    }

    /// <summary>Records <paramref name="resolution"/> for the row: applied at once, or as a proposal when <paramref name="confirmationNeeded"/>.</summary>
    public Task<ResolutionVerdict> ResolveAsync(Guid manifestId, long rowId, ProposedResolution resolution, bool confirmationNeeded, DateTimeOffset now,
        DateOnly today, CancellationToken cancellationToken) =>
        InRowTransactionAsync(manifestId, rowId, async (row, pending, connection, transaction) =>
        {
            if (pending is not null)
            {
                return new ResolutionVerdict(ResolutionStep.AlreadyProposed, row.LineNumber, row.State, pending.Resolution, row.Release);
            }

            if (Invalid(row, resolution) is { } invalid)
            {
                return new ResolutionVerdict(invalid, row.LineNumber, row.State);
            }

            await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
            {
                RowId = rowId, ManifestId = manifestId, Outcome = OutcomeText(resolution.Outcome), resolution.RefundId, resolution.Comment,
                User = resolution.ProposedBy, Now = now, AppliedAt = confirmationNeeded ? (DateTimeOffset?)null : now,
            }, transaction, cancellationToken: cancellationToken));
            var detail = $"{resolution.Describe(row.Release)}{(confirmationNeeded ? ", awaiting confirmation" : "")}: {resolution.Comment}";
            await audit.RecordAsync(connection, transaction, new AuditEntry(AuditAct.Resolve, resolution.ProposedBy, manifestId, rowId, detail), cancellationToken);
            if (confirmationNeeded)
            {
                return new ResolutionVerdict(ResolutionStep.Proposed, row.LineNumber, row.State, resolution, row.Release);
            }

            return await ApplyAsync(connection, transaction, rowId, row, resolution, now, today, cancellationToken);
        }, cancellationToken);

    /// <summary>Applies the row's pending resolution as <paramref name="user"/>'s confirmation (never the proposer's).</summary>
    public Task<ResolutionVerdict> ConfirmAsync(Guid manifestId, long rowId, string user, string? comment, DateTimeOffset now, DateOnly today,
        CancellationToken cancellationToken) =>
        InRowTransactionAsync(manifestId, rowId, async (row, pending, connection, transaction) =>
        {
            if (pending is null)
            {
                return new ResolutionVerdict(ResolutionStep.NothingProposed, row.LineNumber, row.State);
            }

            if (string.Equals(pending.Resolution.ProposedBy, user, StringComparison.Ordinal))
            {
                return new ResolutionVerdict(ResolutionStep.OwnProposal, row.LineNumber, row.State, pending.Resolution, row.Release);
            }

            await connection.ExecuteAsync(new CommandDefinition(ConfirmSql,
                new { pending.ResolutionId, User = user, Comment = comment, Now = now }, transaction, cancellationToken: cancellationToken));
            var detail = $"confirmed {pending.Resolution.ProposedBy}'s resolution: {pending.Resolution.Describe(row.Release)}{(comment is null ? "" : $": {comment}")}";
            await audit.RecordAsync(connection, transaction, new AuditEntry(AuditAct.ResolveConfirm, user, manifestId, rowId, detail), cancellationToken);
            return await ApplyAsync(connection, transaction, rowId, row, pending.Resolution, now, today, cancellationToken);
        }, cancellationToken);

    /// <summary>Deletes the row's pending resolution (any operator, the proposer too); the audit trail keeps it.</summary>
    public Task<ResolutionVerdict> RejectAsync(Guid manifestId, long rowId, string user, CancellationToken cancellationToken) =>
        InRowTransactionAsync(manifestId, rowId, async (row, pending, connection, transaction) =>
        {
            if (pending is null)
            {
                return new ResolutionVerdict(ResolutionStep.NothingProposed, row.LineNumber, row.State);
            }

            await connection.ExecuteAsync(new CommandDefinition(RejectSql, new { pending.ResolutionId }, transaction, cancellationToken: cancellationToken));
            var detail = $"rejected {pending.Resolution.ProposedBy}'s resolution: {pending.Resolution.Describe(row.Release)}: {pending.Resolution.Comment}";
            await audit.RecordAsync(connection, transaction, new AuditEntry(AuditAct.ResolveConfirm, user, manifestId, rowId, detail), cancellationToken);
            return new ResolutionVerdict(ResolutionStep.Rejected, row.LineNumber, row.State, pending.Resolution, row.Release);
        }, cancellationToken);

    // Locks the row, reads its pending resolution, runs the act; commits only what the act applied or proposed.
    private async Task<ResolutionVerdict> InRowTransactionAsync(Guid manifestId, long rowId,
        Func<LockedRow, Proposal?, NpgsqlConnection, NpgsqlTransaction, Task<ResolutionVerdict>> act, CancellationToken cancellationToken) =>
        await ReturnInvariant.RetryRacesAsync(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var parameters = new { ManifestId = manifestId, RowId = rowId };
            if (await connection.QuerySingleOrDefaultAsync<LockedRow>(new CommandDefinition(LockRowSql, parameters, transaction,
                    cancellationToken: cancellationToken)) is not { } row)
            {
                return new ResolutionVerdict(ResolutionStep.NotFound);
            }

            var pending = await connection.QuerySingleOrDefaultAsync<StoredPending>(new CommandDefinition(PendingSql, parameters, transaction,
                cancellationToken: cancellationToken));
            if (row.State != RowStateText.Of(RowState.NeedsReview))
            {
                return new ResolutionVerdict(ResolutionStep.NotInReview, row.LineNumber, row.State);
            }

            var verdict = await act(row, pending?.ToPending(), connection, transaction);
            if (verdict.Step is ResolutionStep.Proposed or ResolutionStep.Applied or ResolutionStep.Rejected)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return verdict;
        });

    private static async Task<ResolutionVerdict> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long rowId, LockedRow row,
        ProposedResolution resolution, DateTimeOffset now, DateOnly today, CancellationToken cancellationToken)
    {
        var refunded = resolution.Outcome == ResolutionOutcome.Refunded;
        var state = refunded ? RowState.Succeeded : RowState.Failed;
        await connection.ExecuteAsync(new CommandDefinition(ApplySql, new
        {
            RowId = rowId, State = RowStateText.Of(state), resolution.RefundId, Retryable = refunded ? (bool?)null : true,
            ErrorCode = refunded ? null : NotAppliedCode, ErrorMessage = refunded ? null : NotAppliedMessage, Now = now,
        }, transaction, cancellationToken: cancellationToken));
        // Proven not applied by a person: a cancelled manifest's row gives its return to a row elsewhere that repeated it,
        // as a row that failed retryably there would (the statement checks that the manifest was cancelled).
        var handedTo = refunded ? [] : await HandBackStore.HandBackAsync(connection, transaction, [rowId], today, cancellationToken);
        return new ResolutionVerdict(ResolutionStep.Applied, row.LineNumber, RowStateText.Of(state), resolution, row.Release) { HandedTo = handedTo };
    }

    private static ResolutionStep? Invalid(LockedRow row, ProposedResolution resolution) => resolution switch
    {
        { Outcome: ResolutionOutcome.Refunded, RefundId: null } when !row.Release => ResolutionStep.RefundIdRequired,
        { RefundId: not null } when row.Release => ResolutionStep.NoRefundIdForRelease,
        _ => null,
    };

    private static string OutcomeText(ResolutionOutcome outcome) => outcome == ResolutionOutcome.Refunded ? "refunded" : "not_applied";

    private static ResolutionOutcome Outcome(string text) => text == "refunded" ? ResolutionOutcome.Refunded : ResolutionOutcome.NotApplied;

    private sealed record StoredProposal(long RowId, int LineNumber, string Outcome, string? RefundId, string Comment, string ProposedBy, DateTime ProposedAt);

    private sealed record LockedRow(int LineNumber, string State, bool Release);

    private sealed record Proposal(long ResolutionId, ProposedResolution Resolution);

    private sealed record StoredPending(long ResolutionId, string Outcome, string? RefundId, string Comment, string ProposedBy)
    {
        public Proposal ToPending() => new(ResolutionId, new ProposedResolution(RowResolutionStore.Outcome(Outcome), RefundId, Comment, ProposedBy));
    }
}
