using Dapper;
using Npgsql;

namespace BulkRefunds.Dispatch;

/// <summary>
/// The one door through which a cancelled manifest gives a return away. A row of a cancelled manifest that will never
/// send its return — skipped by the cancel, or failed with a retryable cause (proven not applied) before or after it —
/// hands the return to the first row elsewhere that repeated it (in a manifest not cancelled itself); that row waits for
/// approval like a fresh upload. Runs inside the caller's transaction (Cancel, or recording outcomes); the return
/// invariant (sql/0010) is checked at its commit.
/// </summary>
public static class HandBackStore
{
    // A failed holder is superseded by the row that takes its return (it is never retried from its cancelled manifest);
    // a skipped one already says why it was not sent. The holder's manifest must be cancelled: a failed row of a live
    // manifest keeps its return for the manifest's own Retry.
    private const string HandBackSql = """
        WITH candidates AS (
            SELECT DISTINCT ON (d.duplicate_of_row_id) d.row_id, d.duplicate_of_row_id AS freed
            FROM bulkrefunds.manifest_row d
            JOIN bulkrefunds.manifest dm ON dm.manifest_id = d.manifest_id
            JOIN bulkrefunds.manifest_row f ON f.row_id = d.duplicate_of_row_id
            JOIN bulkrefunds.manifest fm ON fm.manifest_id = f.manifest_id
            WHERE d.state = 'duplicate' AND d.duplicate_of_row_id = ANY(@Freed) AND dm.cancelled_at IS NULL
              AND fm.cancelled_at IS NOT NULL AND (f.state = 'skipped' OR (f.state = 'failed' AND f.retryable))
            ORDER BY d.duplicate_of_row_id, d.row_id),
        revived AS (
            UPDATE bulkrefunds.manifest_row r
            SET state = CASE WHEN r.action = 'release' AND r.not_before > @Today THEN 'scheduled' ELSE 'staged' END,
                duplicate_of = NULL, duplicate_of_row_id = NULL,
                note = concat_ws('; ', r.note, 'was a duplicate of line ' || f.line_number || ' of ' || fm.file_name || ' (manifest ' || fm.manifest_id
                                              || '), cancelled by ' || fm.cancelled_by || '; sent from here once this manifest is approved')
            FROM candidates c
            JOIN bulkrefunds.manifest_row f ON f.row_id = c.freed
            JOIN bulkrefunds.manifest fm ON fm.manifest_id = f.manifest_id
            WHERE r.row_id = c.row_id AND r.state = 'duplicate'
            RETURNING r.row_id, r.manifest_id, r.line_number, c.freed),
        superseded AS (
            UPDATE bulkrefunds.manifest_row f
            SET state = 'superseded', superseded_by_row_id = v.row_id,
                note = concat_ws('; ', f.note, 'its manifest was cancelled; handed to line ' || v.line_number || ' of ' || m.file_name
                                              || ' (manifest ' || m.manifest_id || '): not retried from here')
            FROM revived v
            JOIN bulkrefunds.manifest m ON m.manifest_id = v.manifest_id
            WHERE f.row_id = v.freed AND f.state = 'failed'),
        repointed AS (
            UPDATE bulkrefunds.manifest_row d SET duplicate_of_row_id = v.row_id
            FROM revived v
            WHERE d.state = 'duplicate' AND d.duplicate_of_row_id = v.freed AND d.row_id <> v.row_id),
        held AS (
            UPDATE bulkrefunds.manifest m
            SET approval_required = true, approved_at = NULL, approved_by = NULL, completed_at = NULL
            WHERE m.manifest_id IN (SELECT manifest_id FROM revived)),
        -- Approvals given before were for the rows it had then; the handed-back rows need their own.
        unapproved AS (
            DELETE FROM bulkrefunds.manifest_approval a WHERE a.manifest_id IN (SELECT manifest_id FROM revived))
        SELECT DISTINCT manifest_id FROM revived
        """;

    /// <summary>Hands the returns of <paramref name="freed"/> (rows of cancelled manifests) on; returns the manifests that took one.</summary>
    public static async Task<IReadOnlyList<Guid>> HandBackAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long[] freed, DateOnly today,
        CancellationToken cancellationToken) =>
        freed.Length == 0 ? [] : [.. await connection.QueryAsync<Guid>(new CommandDefinition(HandBackSql,
            new { Freed = freed, Today = today }, transaction, cancellationToken: cancellationToken))];
}
