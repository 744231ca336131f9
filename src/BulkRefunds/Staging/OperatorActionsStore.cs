using Dapper;
using Npgsql;

namespace BulkRefunds.Staging;

/// <summary>
/// The operator's actions on a manifest as guarded updates: each changes only rows (or a manifest) still in the
/// state it acts on, so a double click or two operators at once change nothing twice.
/// </summary>
public sealed class OperatorActionsStore(NpgsqlDataSource dataSource)
{
    // The four-eyes rule is checked in the same statement that records the approval.
    private const string ApproveSql = """
        UPDATE bulkrefunds.manifest SET approved_at = @Now, approved_by = @User
        WHERE manifest_id = @ManifestId AND approval_required AND approved_at IS NULL
          AND (NOT @FourEyes OR uploaded_by <> @User)
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

    // Only rows nothing was ever sent for: a retried in-doubt row may already be applied at Klarna.
    private const string CancelSql = """
        UPDATE bulkrefunds.manifest_row
        SET state = 'skipped', completed_at = @Now, error_message = 'not sent: the remaining rows were cancelled by ' || @User
        WHERE manifest_id = @ManifestId AND state IN ('staged', 'scheduled') AND first_attempt_at IS NULL
        """;

    /// <summary>Records the approval; false when the manifest is not awaiting approval or the four-eyes rule forbids it.</summary>
    public async Task<bool> ApproveAsync(Guid manifestId, string user, bool fourEyes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(ApproveSql,
            new { ManifestId = manifestId, User = user, FourEyes = fourEyes, Now = now }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Stages the retryable rows again; returns how many.</summary>
    public async Task<int> RetryAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(RetrySql, new { ManifestId = manifestId }, cancellationToken: cancellationToken));
    }

    /// <summary>Marks the rows not yet sent as skipped; returns how many.</summary>
    public async Task<int> CancelRemainingAsync(Guid manifestId, string user, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(CancelSql,
            new { ManifestId = manifestId, User = user, Now = now }, cancellationToken: cancellationToken));
    }
}
