using System.Runtime.CompilerServices;
using Dapper;
using Npgsql;

namespace BulkRefunds.Settlements;

/// <summary>
/// Reads the settlement report: every succeeded refund of the accounts completed since <c>@Since</c> with its status,
/// then every return in payouts since then on an order of ours that matched no row. A query over state in a fixed
/// order (byte order, not the database's collation), so the same state and clock give the same report.
/// </summary>
public sealed class SettlementReportStore(NpgsqlDataSource dataSource)
{
    private const string RowsSql = """
        SELECT * FROM (
            SELECT r.account, r.order_id, r.refund_id, r.manifest_id, r.line_number, r.currency, r.amount_minor,
                   coalesce(m.status, CASE WHEN r.completed_at <= @OverdueBefore THEN 'overdue' ELSE 'not_yet_settled' END) AS status,
                   m.payment_reference, m.payout_date, m.settled_amount_minor, m.transactions,
                   NULL::text AS type, NULL::text AS detailed_type, NULL::text AS merchant_refund_reference,
                   NULL::bigint AS line_key, NULL::int AS occurrence
            FROM bulkrefunds.manifest_row r
            LEFT JOIN bulkrefunds.settlement_match m ON m.row_id = r.row_id
            WHERE r.account = ANY(@Accounts) AND r.action = 'refund' AND r.state = 'succeeded' AND r.completed_at >= @Since
            UNION ALL
            SELECT t.account, t.order_id, t.refund_id, NULL, NULL, t.currency, NULL,
                   CASE WHEN t.type = 'REVERSAL' OR t.detailed_type = 'PAYMENT_DEFAULT' THEN 'klarna_originated' ELSE 'unexpected_return' END,
                   t.payment_reference, p.payout_date, abs(t.amount), NULL,
                   t.type, t.detailed_type, t.merchant_refund_reference, t.line_key, t.occurrence
            FROM bulkrefunds.settlement_transaction t
            JOIN bulkrefunds.settlement_payout p ON p.account = t.account AND p.payment_reference = t.payment_reference
            WHERE t.account = ANY(@Accounts) AND t.matched_row_id IS NULL AND t.type IN ('RETURN', 'REVERSAL') AND p.payout_date >= @Since
              AND EXISTS (SELECT 1 FROM bulkrefunds.manifest_row o WHERE o.order_id = t.order_id AND o.account = t.account AND o.action = 'refund')
        ) report
        ORDER BY account COLLATE "C", order_id COLLATE "C", manifest_id NULLS LAST, line_number NULLS LAST,
                 payment_reference COLLATE "C", line_key, occurrence
        """;

    public async IAsyncEnumerable<SettlementReportRow> ReadAsync(IReadOnlyList<string> accounts, DateTimeOffset since, DateTimeOffset overdueBefore,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(RowsSql,
            new { Accounts = accounts.ToArray(), Since = since.UtcDateTime, OverdueBefore = overdueBefore.UtcDateTime },
            commandTimeout: 0, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new SettlementReportRow(
                reader.GetString(0), reader.GetString(1), Text(reader, 2), reader.IsDBNull(3) ? null : reader.GetGuid(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), Text(reader, 5), reader.IsDBNull(6) ? null : reader.GetInt64(6),
                SettlementStatusText.Parse(reader.GetString(7)), Text(reader, 8), reader.IsDBNull(9) ? null : reader.GetDateTime(9),
                reader.IsDBNull(10) ? null : reader.GetInt64(10))
            {
                Transactions = reader.IsDBNull(11) ? null : reader.GetInt32(11),
                Type = Text(reader, 12),
                DetailedType = Text(reader, 13),
                MerchantRefundReference = Text(reader, 14),
            };
        }
    }

    private static string? Text(System.Data.Common.DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
