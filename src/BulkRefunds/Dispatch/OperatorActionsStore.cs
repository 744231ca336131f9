using BulkRefunds.Audit;
using BulkRefunds.Staging;
using Dapper;
using Npgsql;

namespace BulkRefunds.Dispatch;

/// <summary>
/// The operator's actions on a manifest as guarded updates: each changes only rows (or a manifest) still in the
/// state it acts on, so a double click or two operators at once change nothing twice. Each act that changed something is
/// recorded in the audit trail in its own transaction; a refused act (four-eyes, nothing to retry) changed nothing and
/// records nothing.
/// </summary>
public sealed class OperatorActionsStore(NpgsqlDataSource dataSource, AuditTrail audit)
{
    // Approvals of one manifest queue on its row: each statement after the lock sees every approval committed before
    // it, so two operators at once can neither both miss the other's (under-count) nor both complete it.
    private const string LockForApprovalSql = """
        SELECT approval_required AND approved_at IS NULL AND completed_at IS NULL AS awaiting, uploaded_by,
               approvals_required::int AS approvals_required
        FROM bulkrefunds.manifest WHERE manifest_id = @ManifestId
        FOR UPDATE
        """;

    // The primary key (manifest_id, approved_by) is what makes two approvals two different people.
    private const string RecordApprovalSql = """
        INSERT INTO bulkrefunds.manifest_approval (manifest_id, approved_by, approved_at) VALUES (@ManifestId, @User, @Now)
        ON CONFLICT (manifest_id, approved_by) DO NOTHING
        """;

    private const string CountApprovalsSql = "SELECT count(*)::int FROM bulkrefunds.manifest_approval WHERE manifest_id = @ManifestId";

    // approved_at means "fully approved" (dispatch claims nothing before it): set only by the approval that reaches the count.
    private const string ApproveSql = """
        UPDATE bulkrefunds.manifest SET approved_at = @Now, approved_by = @User
        WHERE manifest_id = @ManifestId AND approval_required AND approved_at IS NULL AND approvals_required <= @Approvals
        """;

    // Failed rows with a retryable cause (503s, 429s, timeouts before anything could be applied) and in-doubt rows go
    // back to 'staged' with their key, body and first attempt kept: the resend follows the in-doubt rule (same key
    // inside Klarna's window, GET order after it). Succeeded, final-failed and needs_review rows are never touched.
    private const string RetrySql = """
        WITH retried AS (
            UPDATE bulkrefunds.manifest_row SET state = 'staged', lease_owner = NULL, lease_until = NULL, completed_at = NULL
            WHERE manifest_id = @ManifestId AND ((state = 'failed' AND retryable) OR state = 'in_doubt')
            RETURNING 1),
        reopened AS (
            UPDATE bulkrefunds.manifest SET completed_at = NULL
            WHERE manifest_id = @ManifestId AND EXISTS (SELECT 1 FROM retried))
        SELECT count(*)::int FROM retried
        """;

    // Only rows nothing was ever sent for: a retried in-doubt row may already be applied at Klarna. The manifest
    // remembers that it was cancelled, so its duplicates are never handed a return again (HandBackStore).
    private const string CancelSql = """
        WITH cancelled AS (
            UPDATE bulkrefunds.manifest SET cancelled_at = coalesce(cancelled_at, @Now), cancelled_by = coalesce(cancelled_by, @User)
            WHERE manifest_id = @ManifestId)
        UPDATE bulkrefunds.manifest_row
        SET state = 'skipped', completed_at = @Now, error_message = 'not sent: the remaining rows were cancelled by ' || @User
        WHERE manifest_id = @ManifestId AND state IN ('staged', 'scheduled') AND first_attempt_at IS NULL
        RETURNING row_id
        """;

    // Rows that failed with a retryable cause were proven not applied; once the manifest is cancelled nobody retries them,
    // so their returns go to a row elsewhere that repeated them, if any.
    private const string FailedRetryableSql = """
        SELECT row_id FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId AND state = 'failed' AND retryable
        """;

    // A row whose return a later upload took over is never retried; Retry says how many there are.
    private const string SupersededSql = """
        SELECT count(*)::int FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId AND state = 'superseded'
        """;

    /// <summary>
    /// Records the user's approval, and approves the manifest when it completes the count; refuses when the manifest is
    /// not awaiting approval, the four-eyes rule forbids the uploader, or the user has approved it already.
    /// </summary>
    public async Task<ApprovalVote> ApproveAsync(Guid manifestId, string user, bool fourEyes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        CommandDefinition Command(string sql, object? parameters = null) =>
            new(sql, parameters ?? new { ManifestId = manifestId, User = user, Now = now }, transaction, cancellationToken: cancellationToken);
        var manifest = await connection.QuerySingleOrDefaultAsync<(bool Awaiting, string UploadedBy, int ApprovalsRequired)>(Command(LockForApprovalSql));
        if (!manifest.Awaiting)
        {
            return new ApprovalVote(ApprovalOutcome.NotAwaiting, 0, manifest.ApprovalsRequired);
        }

        if (fourEyes && string.Equals(manifest.UploadedBy, user, StringComparison.Ordinal))
        {
            return new ApprovalVote(ApprovalOutcome.OwnUpload, 0, manifest.ApprovalsRequired);
        }

        var recorded = await connection.ExecuteAsync(Command(RecordApprovalSql)) == 1;
        var approvals = await connection.ExecuteScalarAsync<int>(Command(CountApprovalsSql));
        var completed = recorded && await connection.ExecuteAsync(Command(ApproveSql,
            new { ManifestId = manifestId, User = user, Now = now, Approvals = approvals })) == 1;
        if (recorded)
        {
            var detail = $"approval {approvals} of {manifest.ApprovalsRequired}" + (completed ? "; the manifest is approved for sending" : "");
            await audit.RecordAsync(connection, transaction, new AuditEntry(AuditAct.Approve, user, manifestId, null, detail), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        var outcome = !recorded ? ApprovalOutcome.AlreadyApprovedByUser : completed ? ApprovalOutcome.Approved : ApprovalOutcome.Recorded;
        return new ApprovalVote(outcome, approvals, manifest.ApprovalsRequired);
    }

    /// <summary>Stages the retryable rows again; returns how many.</summary>
    public async Task<int> RetryAsync(Guid manifestId, string user, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = await connection.ExecuteScalarAsync<int>(new CommandDefinition(RetrySql, new { ManifestId = manifestId }, transaction,
            cancellationToken: cancellationToken));
        if (rows > 0)
        {
            await audit.RecordAsync(connection, transaction, new AuditEntry(AuditAct.Retry, user, manifestId, null, $"retried {rows} row(s)"), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return rows;
    }

    /// <summary>Rows of the manifest whose return a later upload took over.</summary>
    public async Task<int> CountSupersededAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(SupersededSql, new { ManifestId = manifestId }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Marks the rows not yet sent as skipped and hands their returns, and those of its failed-but-retryable rows, to the
    /// rows elsewhere that repeated them;
    /// returns how many rows were skipped and the manifests that now hold a handed-back return (awaiting approval).
    /// </summary>
    public Task<CancelOutcome> CancelRemainingAsync(Guid manifestId, string user, DateTimeOffset now, DateOnly today, CancellationToken cancellationToken) =>
        ReturnInvariant.RetryRacesAsync(() => CancelOnceAsync(manifestId, user, now, today, cancellationToken));

    private async Task<CancelOutcome> CancelOnceAsync(Guid manifestId, string user, DateTimeOffset now, DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var skipped = (await connection.QueryAsync<long>(new CommandDefinition(CancelSql,
            new { ManifestId = manifestId, User = user, Now = now }, transaction, cancellationToken: cancellationToken))).ToArray();
        var failed = await connection.QueryAsync<long>(new CommandDefinition(FailedRetryableSql, new { ManifestId = manifestId }, transaction,
            cancellationToken: cancellationToken));
        var handedTo = await HandBackStore.HandBackAsync(connection, transaction, [.. skipped, .. failed], today, cancellationToken);
        var detail = $"cancelled the rest: {skipped.Length} row(s) not yet sent skipped"
            + (handedTo.Count == 0 ? "" : $"; {handedTo.Count} other manifest(s) took returns over");
        await audit.RecordAsync(connection, transaction, new AuditEntry(AuditAct.Cancel, user, manifestId, null, detail), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new CancelOutcome(skipped.Length, handedTo);
    }
}
