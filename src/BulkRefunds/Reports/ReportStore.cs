using BulkRefunds.Staging;
using Dapper;
using Npgsql;

namespace BulkRefunds.Reports;

/// <summary>Reads row state for reports. A report is a query over state, so the same state gives the same report.</summary>
public sealed class ReportStore(NpgsqlDataSource dataSource)
{
    // The settlement columns (sql/0025, kept by the settlements room's matching): settled or amount_differs once Klarna's
    // returns matched the refund; not_yet_settled while none did, once the account has any ingested payout (before
    // that, settlements are not in use and the cell stays empty). Overdue needs Settlements:OverdueAfterDays and the
    // clock: it is in the settlement report only.
    private const string RowsSql = """
        SELECT r.line_number, r.account, r.action, r.order_id, r.reference, r.currency,
               CASE WHEN r.state = 'order_line' THEN ol.total_amount ELSE r.amount_minor END AS amount_minor,
               coalesce(l.state, r.state) AS state, r.problems, coalesce(l.refund_id, r.refund_id) AS refund_id,
               coalesce(l.location, r.location) AS location, coalesce(l.http_status, r.http_status) AS http_status,
               coalesce(l.error_code, r.error_code) AS error_code, coalesce(l.error_message, r.error_message) AS error_message,
               coalesce(l.correlation_id, r.correlation_id) AS correlation_id, coalesce(l.idempotency_key, r.idempotency_key) AS idempotency_key,
               coalesce(l.attempts, r.attempts) AS attempts, coalesce(l.first_attempt_at, r.first_attempt_at) AS first_attempt_at,
               coalesce(l.completed_at, r.completed_at) AS completed_at, r.state = 'order_line' AS is_order_line, r.group_line,
               r.return_fee_minor, r.duplicate_of, r.note, h.outcome AS resolution_outcome, h.refund_id AS resolution_refund_id,
               h.comment AS resolution_comment, h.proposed_by, h.proposed_at, h.applied_at, h.confirmed_by, h.confirm_comment,
               CASE WHEN r.action = 'refund' AND coalesce(l.state, r.state) = 'succeeded'
                    THEN coalesce(sm.status, CASE WHEN sa.account IS NOT NULL THEN 'not_yet_settled' END) END AS settlement_status,
               sm.payment_reference AS settlement_payment_reference, sm.payout_date AS settlement_payout_date, r.description
        FROM bulkrefunds.manifest_row r
        LEFT JOIN bulkrefunds.manifest_row l
               ON r.state = 'order_line' AND l.manifest_id = r.manifest_id AND l.line_number = r.group_line
        LEFT JOIN bulkrefunds.settlement_match sm ON sm.row_id = coalesce(l.row_id, r.row_id)
        -- Accounts with any ingested payout (a few rows), read once rather than probed per unsettled row.
        LEFT JOIN (SELECT DISTINCT account FROM bulkrefunds.settlement_payout) sa ON sa.account = r.account
        LEFT JOIN bulkrefunds.manifest_order_line ol
               ON r.state = 'order_line' AND ol.manifest_id = r.manifest_id AND ol.line_number = r.line_number
        -- The latest resolution by hand of each resolved row (sql/0023): a handful per manifest, hashed beside its rows.
        LEFT JOIN (SELECT DISTINCT ON (row_id) row_id, outcome, refund_id, comment, proposed_by, proposed_at, applied_at, confirmed_by, confirm_comment
                   FROM bulkrefunds.row_resolution WHERE manifest_id = @ManifestId
                   ORDER BY row_id, resolution_id DESC) h ON h.row_id = r.row_id
        WHERE r.manifest_id = @ManifestId
        ORDER BY r.line_number
        """;

    public async IAsyncEnumerable<RowRecord> ReadRowsAsync(Guid manifestId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Dapper's QueryUnbufferedAsync takes no CommandDefinition, so the token would reach the command only through
        // the enumerator; reading the rows ourselves hands it to the command and to every read.
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(RowsSql, new { ManifestId = manifestId }, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return Read(new StoredColumns(reader));
        }
    }

    // Built by hand, not by Dapper: see StoredColumns.
    private static RowRecord Read(StoredColumns row) => new(
        row.Value<int>("line_number"), row.Value<string>("account"), row.Action("action"), row.Value<string>("order_id"), row.Text("reference"),
        row.Text("currency"), row.Nullable<long>("amount_minor"), row.State("state"), row.Text("problems"), row.Text("refund_id"),
        row.Text("location"), row.Nullable<int>("http_status"), row.Text("error_code"), row.Text("error_message"), row.Text("correlation_id"),
        row.Value<Guid>("idempotency_key"), row.Value<int>("attempts"), row.Nullable<DateTime>("first_attempt_at"), row.Nullable<DateTime>("completed_at"),
        row.Value<bool>("is_order_line"), row.Nullable<int>("group_line"), row.Nullable<long>("return_fee_minor"), row.Text("duplicate_of"), row.Text("note"),
        Resolution(row), row.Text("settlement_status"), row.Text("settlement_payment_reference"), row.Nullable<DateTime>("settlement_payout_date"),
        row.Text("description"));

    private static HandResolution? Resolution(StoredColumns row) => row.Text("resolution_outcome") is { } outcome
        ? new HandResolution(outcome, row.Text("resolution_refund_id"), row.Value<string>("resolution_comment"), row.Value<string>("proposed_by"),
            row.Value<DateTime>("proposed_at"))
        {
            AppliedAt = row.Nullable<DateTime>("applied_at"), ConfirmedBy = row.Text("confirmed_by"), ConfirmComment = row.Text("confirm_comment"),
        }
        : null;
}
