using Dapper;
using Npgsql;

namespace BulkRefunds.Staging;

/// <summary>
/// Set-based rules applied in the import transaction, after COPY: rows with order lines become one refund per
/// (account, order_id, reference), and rows that repeat an earlier return are marked duplicate, not sent.
/// </summary>
internal static class ImportRules
{
    private const string GroupLinesSql = """
        WITH grouped AS (
            SELECT account, order_id, coalesce(reference, '') AS ref, min(line_number) AS leader, count(*) AS lines,
                   string_agg(line_number::text, ', ' ORDER BY line_number) FILTER (WHERE state = 'invalid') AS bad_lines,
                   count(DISTINCT currency) AS currencies, count(DISTINCT amount_minor) AS amounts,
                   max(amount_minor) AS amount, sum(line_total_amount) AS lines_sum
            FROM bulkrefunds.manifest_row
            WHERE manifest_id = @ManifestId AND has_line AND action = 'refund'
            GROUP BY account, order_id, coalesce(reference, '')),
        judged AS (
            SELECT grouped.*, CASE
                WHEN bad_lines IS NOT NULL THEN 'a row of this refund has problems (line ' || bad_lines || '), so none of its rows is sent'
                WHEN currencies > 1 THEN 'the rows of this refund (same order_id and reference) have different currencies'
                WHEN amounts > 1 THEN 'the rows of this refund (same order_id and reference) give different amounts'
                WHEN amount IS NOT NULL AND amount <> lines_sum THEN
                    'the order lines sum to ' || lines_sum || ' minor units but the amount is ' || amount
                WHEN lines_sum <= 0 THEN 'the order lines sum to ' || lines_sum || ' minor units; a refund must be above zero'
                WHEN lines_sum > 200000000 THEN 'the order lines sum to more than Klarna''s limit of 200000000 minor units'
                WHEN lines > 1000 THEN 'the refund has more than 1000 order lines, Klarna''s limit'
                END AS problem
            FROM grouped)
        UPDATE bulkrefunds.manifest_row r
        SET group_line = j.leader,
            state = CASE WHEN j.problem IS NOT NULL THEN 'invalid' WHEN r.line_number = j.leader THEN 'staged' ELSE 'order_line' END,
            problems = CASE WHEN j.problem IS NOT NULL THEN coalesce(r.problems, j.problem) ELSE r.problems END,
            amount_minor = CASE WHEN j.problem IS NULL AND r.line_number = j.leader THEN coalesce(j.amount, j.lines_sum) ELSE r.amount_minor END
        FROM judged j
        WHERE r.manifest_id = @ManifestId AND r.has_line AND r.action = 'refund'
          AND r.account = j.account AND r.order_id = j.order_id AND coalesce(r.reference, '') = j.ref
        """;

    // Within one file: the second of two rows with one business key is a duplicate. Refunds without a reference
    // cannot be told apart from a second return of the same items, so they are only flagged (RowCopy's note).
    private const string DuplicatesInFileSql = """
        UPDATE bulkrefunds.manifest_row r
        SET state = 'duplicate', duplicate_of = 'line ' || d.first_line || ' of this file'
        FROM (SELECT row_id, line_number, min(line_number) OVER (
                  PARTITION BY account, action, order_id, CASE WHEN action = 'refund' THEN reference END, amount_minor) AS first_line
              FROM bulkrefunds.manifest_row
              WHERE manifest_id = @ManifestId AND state = 'staged' AND (action = 'release' OR reference IS NOT NULL)) d
        WHERE r.row_id = d.row_id AND d.line_number <> d.first_line
        """;

    // Across files: a row that repeats one that succeeded or is still in progress elsewhere. Failed rows do not
    // count, so re-uploading a failed return sends it again — with a new key, as a new row.
    private const string DuplicatesAcrossFilesSql = """
        UPDATE bulkrefunds.manifest_row r
        SET state = 'duplicate',
            duplicate_of = 'line ' || o.line_number || ' of ' || m.file_name || ' (manifest ' || m.manifest_id || ', uploaded '
                           || to_char(m.uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ')'
        FROM bulkrefunds.manifest_row o
        JOIN bulkrefunds.manifest m ON m.manifest_id = o.manifest_id
        WHERE r.manifest_id = @ManifestId AND r.state = 'staged'
          AND o.manifest_id <> @ManifestId AND o.state IN ('staged', 'sending', 'succeeded', 'in_doubt', 'scheduled')
          AND o.order_id = r.order_id AND o.account = r.account AND o.action = r.action
          AND (r.action = 'release' OR (r.reference IS NOT NULL AND o.reference = r.reference AND o.amount_minor = r.amount_minor))
        """;

    // A release with a future not_before is not sent by this manifest's dispatch; the release sweep stages it
    // on that day. Days are UTC.
    private const string ScheduleReleasesSql = """
        UPDATE bulkrefunds.manifest_row SET state = 'scheduled'
        WHERE manifest_id = @ManifestId AND state = 'staged' AND action = 'release'
          AND not_before > (now() AT TIME ZONE 'UTC')::date
        """;

    public static async Task ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid manifestId, CancellationToken cancellationToken)
    {
        foreach (var sql in (string[])[GroupLinesSql, DuplicatesInFileSql, DuplicatesAcrossFilesSql, ScheduleReleasesSql])
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { ManifestId = manifestId }, transaction, cancellationToken: cancellationToken));
        }
    }
}
