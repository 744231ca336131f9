using Dapper;
using Npgsql;

namespace BulkRefunds.Staging;

/// <summary>
/// Set-based rules applied in the import transaction, after COPY: rows with order lines become one refund per
/// (account, order_id, reference), and rows that repeat an earlier return are marked duplicate, not sent.
/// </summary>
internal static class ImportRulesStore
{
    private const string GroupLinesSql = """
        WITH grouped AS MATERIALIZED (
            SELECT account, order_id, coalesce(reference, '') AS ref, min(line_number) AS leader, count(*) AS lines,
                   string_agg(line_number::text, ', ' ORDER BY line_number) FILTER (WHERE state = 'invalid') AS bad_lines,
                   count(DISTINCT currency) AS currencies, count(DISTINCT amount_minor) AS amounts,
                   max(amount_minor) AS amount, sum(l.total_amount) AS lines_sum
            FROM bulkrefunds.manifest_row
            LEFT JOIN (SELECT manifest_id, line_number, total_amount FROM bulkrefunds.manifest_order_line) l USING (manifest_id, line_number)
            WHERE manifest_id = @ManifestId AND has_line AND action = 'refund'
            GROUP BY account, order_id, coalesce(reference, '')),
        -- grouped is materialized: inlined, PostgreSQL re-ran the grouping once per updated row (52 s for 10,001 line rows, past
        -- Npgsql's 30 s timeout; 0.43 s materialized).
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

    // Within one file, rows are compared while streaming (Manifests/DuplicateTracker); refunds made of order lines
    // only get their amount here, so they are compared here, and only when the file has lines.
    private const string DuplicatesInFileSql = """
        WITH keyed AS (
            SELECT row_id, line_number, has_line, account, action, order_id, CASE WHEN action = 'refund' THEN reference END AS ref, amount_minor
            FROM bulkrefunds.manifest_row
            WHERE manifest_id = @ManifestId AND state = 'staged' AND (action = 'release' OR reference IS NOT NULL)),
        repeated AS (
            SELECT account, action, order_id, ref, amount_minor, min(line_number) AS first_line
            FROM keyed
            GROUP BY account, action, order_id, ref, amount_minor
            HAVING count(*) > 1 AND bool_or(has_line))
        UPDATE bulkrefunds.manifest_row r
        SET state = 'duplicate', duplicate_of = 'line ' || d.first_line || ' of this file'
        FROM keyed k
        JOIN repeated d ON d.account = k.account AND d.action = k.action AND d.order_id = k.order_id
                       AND d.ref IS NOT DISTINCT FROM k.ref AND d.amount_minor IS NOT DISTINCT FROM k.amount_minor
        WHERE r.row_id = k.row_id AND k.line_number <> d.first_line
        """;

    // Across files, the return invariant (sql/0010): at most one live row per return. A failed row with a retryable
    // cause was proven not applied, so a re-upload of its return takes it over: the old row is superseded (never
    // retried) and points at the new one. Any other live row elsewhere keeps the return, and the new row is its duplicate.
    private const string TakeOverSql = $$"""
        WITH taken AS (
            UPDATE bulkrefunds.manifest_row o
            SET state = 'superseded', superseded_by_row_id = r.row_id,
                note = concat_ws('; ', o.note, 'taken over by line ' || r.line_number || ' of ' || m.file_name || ' (manifest ' || m.manifest_id || '): not retried from here')
            FROM bulkrefunds.manifest_row r
            JOIN bulkrefunds.manifest m ON m.manifest_id = r.manifest_id
            WHERE r.manifest_id = @ManifestId AND r.state IN ('staged', 'scheduled') AND (r.action = 'release' OR r.reference IS NOT NULL)
              AND o.manifest_id <> @ManifestId AND o.state = 'failed' AND o.retryable
              AND {{SameReturn}}
            RETURNING o.row_id AS old_row_id, o.line_number AS old_line, o.manifest_id AS old_manifest, r.row_id AS new_row_id),
        -- Rows that were duplicates of the old row now repeat the row that holds the return, so Cancel finds them.
        repointed AS (
            UPDATE bulkrefunds.manifest_row d SET duplicate_of_row_id = t.new_row_id
            FROM taken t
            WHERE d.state = 'duplicate' AND d.duplicate_of_row_id = t.old_row_id)
        UPDATE bulkrefunds.manifest_row n
        SET note = concat_ws('; ', n.note, 'takes over line ' || t.old_line || ' of ' || m.file_name || ' (manifest ' || m.manifest_id
                                          || '), which failed and was proven not applied')
        FROM taken t
        JOIN bulkrefunds.manifest m ON m.manifest_id = t.old_manifest
        WHERE n.row_id = t.new_row_id
        """;

    private const string DuplicatesOfLiveSql = $$"""
        UPDATE bulkrefunds.manifest_row r
        SET state = 'duplicate', duplicate_of_row_id = o.row_id,
            duplicate_of = 'line ' || o.line_number || ' of ' || m.file_name || ' (manifest ' || m.manifest_id
                           || ', uploaded ' || to_char(m.uploaded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') || ')'
        FROM bulkrefunds.manifest_row o
        JOIN bulkrefunds.manifest m ON m.manifest_id = o.manifest_id
        WHERE r.manifest_id = @ManifestId AND r.state IN ('staged', 'scheduled') AND (r.action = 'release' OR r.reference IS NOT NULL)
          AND o.manifest_id <> @ManifestId AND {{ReturnInvariant.LiveOther}}
          AND {{SameReturn}}
        """;

    // The first line lets PostgreSQL find the holder through the constraint's index (sql/0010).
    private const string SameReturn = """
        bulkrefunds.return_key(o.account, o.action, o.order_id, o.reference, o.amount_minor)
            = bulkrefunds.return_key(r.account, r.action, r.order_id, r.reference, r.amount_minor)
        AND o.order_id = r.order_id AND o.account = r.account AND o.action = r.action
        AND (r.action = 'release' OR (o.reference = r.reference AND o.amount_minor = r.amount_minor))
        """;

    private const string HistorySql = $$"""
        SELECT EXISTS (SELECT 1 FROM bulkrefunds.manifest_row o WHERE {{ReturnInvariant.LiveOther}} AND o.manifest_id <> @ManifestId)
        """;

    /// <summary>Applies the rules that can apply; returns whether any ran (then rows may have changed state).</summary>
    public static async Task<bool> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid manifestId, bool hasLines, CancellationToken cancellationToken)
    {
        // Hash aggregates over a whole manifest need more than the default 4 MB to stay in memory.
        await connection.ExecuteAsync(new CommandDefinition("SET LOCAL work_mem = '256MB'", transaction: transaction, cancellationToken: cancellationToken));
        var history = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(HistorySql,
            new { ManifestId = manifestId }, transaction, cancellationToken: cancellationToken));
        List<string> rules = hasLines ? [GroupLinesSql, DuplicatesInFileSql] : [];
        // Each cross-file rule joins every row of the new manifest; skip it when there is nothing to compare with.
        if (history)
        {
            rules.Add(TakeOverSql);
            rules.Add(DuplicatesOfLiveSql);
        }

        foreach (var sql in rules)
        {
            await connection.ExecuteAsync(new CommandDefinition(sql, new { ManifestId = manifestId }, transaction, cancellationToken: cancellationToken));
        }

        return rules.Count > 0;
    }
}
