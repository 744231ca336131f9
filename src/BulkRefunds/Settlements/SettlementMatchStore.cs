using Dapper;
using Npgsql;

namespace BulkRefunds.Settlements;

/// <summary>
/// Matches an account's stored RETURNs to our succeeded refund rows, set-based, in one transaction: by refund id, then
/// by order id + absolute amount + merchant_refund_reference; then re-adds what each touched row's returns sum to
/// (docs/settlements.md, "Matching"). Only returns of completely ingested payouts are matched. A return is matched once
/// and for good; a row may collect several returns (a refund split over captures or payouts).
/// </summary>
public sealed class SettlementMatchStore(NpgsqlDataSource dataSource)
{
    // One pass per account at a time: a job and a CLI run over the same account would otherwise race on the same returns.
    private const string LockSql = "SELECT pg_advisory_xact_lock(4242025, hashtext(@Account))";

    // Klarna-originated returns (RETURN/PAYMENT_DEFAULT, any REVERSAL) are never ours, whatever their refund id.
    private const string ByRefundIdSql = """
        UPDATE bulkrefunds.settlement_transaction t
        SET matched_row_id = pick.row_id, matched_by = 'refund_id', matched_at = now()
        FROM (SELECT DISTINCT ON (o.transaction_id) o.transaction_id, r.row_id
              FROM bulkrefunds.settlement_transaction o
              JOIN bulkrefunds.settlement_payout p ON p.account = o.account AND p.payment_reference = o.payment_reference
              JOIN bulkrefunds.manifest_row r ON r.account = o.account AND r.refund_id = o.refund_id
                   AND r.action = 'refund' AND r.state = 'succeeded' AND r.refund_id IS NOT NULL
              WHERE o.account = @Account AND o.matched_row_id IS NULL AND o.type = 'RETURN'
                AND o.detailed_type IS DISTINCT FROM 'PAYMENT_DEFAULT' AND o.refund_id IS NOT NULL
              ORDER BY o.transaction_id, r.row_id) pick
        WHERE t.transaction_id = pick.transaction_id
        """;

    // The fallback, for returns whose refund id is missing or is not OM's (settlements-contract.md §8 Q2): same order,
    // same absolute amount (the sign is unconfirmed, §5.2), and the reference we sent (the manifest reference plus the
    // row tag, from the stored request body) or the manifest reference itself. A row takes one return this way, and
    // only a row no return has matched yet: a second equal return stays unmatched, i.e. unexpected (a double refund?).
    private const string FallbackSql = """
        WITH candidate AS (
            SELECT o.transaction_id, r.row_id
            FROM bulkrefunds.settlement_transaction o
            JOIN bulkrefunds.settlement_payout p ON p.account = o.account AND p.payment_reference = o.payment_reference
            JOIN bulkrefunds.manifest_row r ON r.order_id = o.order_id AND r.account = o.account AND r.action = 'refund'
                 AND r.state = 'succeeded' AND r.amount_minor = abs(o.amount)
            WHERE o.account = @Account AND o.matched_row_id IS NULL AND o.type = 'RETURN'
              AND o.detailed_type IS DISTINCT FROM 'PAYMENT_DEFAULT' AND o.merchant_refund_reference IS NOT NULL
              AND (o.merchant_refund_reference = r.request_body::jsonb ->> 'reference' OR o.merchant_refund_reference = r.reference)
              AND NOT EXISTS (SELECT 1 FROM bulkrefunds.settlement_transaction done WHERE done.matched_row_id = r.row_id)),
        per_transaction AS (SELECT DISTINCT ON (transaction_id) transaction_id, row_id FROM candidate ORDER BY transaction_id, row_id),
        per_row AS (SELECT DISTINCT ON (row_id) transaction_id, row_id FROM per_transaction ORDER BY row_id, transaction_id)
        UPDATE bulkrefunds.settlement_transaction t
        SET matched_row_id = per_row.row_id, matched_by = 'order_amount_reference', matched_at = now()
        FROM per_row
        WHERE t.transaction_id = per_row.transaction_id
        """;

    // now() is the transaction's start: the returns matched by the two statements above, in this transaction.
    private const string SettleSql = """
        INSERT INTO bulkrefunds.settlement_match AS m (row_id, manifest_id, account, status, settled_amount_minor, payment_reference,
            payout_date, transactions, matched_at)
        SELECT r.row_id, r.manifest_id, r.account, CASE WHEN a.settled = r.amount_minor THEN 'settled' ELSE 'amount_differs' END,
               a.settled, a.payment_reference, a.payout_date, a.transactions, now()
        FROM (SELECT t.matched_row_id AS row_id, sum(abs(t.amount))::bigint AS settled, count(*)::int AS transactions,
                     (array_agg(t.payment_reference ORDER BY p.payout_date DESC, t.payment_reference DESC))[1] AS payment_reference,
                     max(p.payout_date) AS payout_date
              FROM bulkrefunds.settlement_transaction t
              JOIN bulkrefunds.settlement_payout p ON p.account = t.account AND p.payment_reference = t.payment_reference
              WHERE t.matched_row_id IN (SELECT matched_row_id FROM bulkrefunds.settlement_transaction
                                         WHERE account = @Account AND matched_at = now())
              GROUP BY t.matched_row_id) a
        JOIN bulkrefunds.manifest_row r ON r.row_id = a.row_id
        ON CONFLICT ON CONSTRAINT settlement_match_pkey DO UPDATE
        SET status = excluded.status, settled_amount_minor = excluded.settled_amount_minor, payment_reference = excluded.payment_reference,
            payout_date = excluded.payout_date, transactions = excluded.transactions, matched_at = excluded.matched_at
        """;

    public async Task<MatchResult> MatchAsync(string account, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new { Account = account };
        await connection.ExecuteAsync(new CommandDefinition(LockSql, parameters, transaction, cancellationToken: cancellationToken));
        var byRefundId = await connection.ExecuteAsync(new CommandDefinition(ByRefundIdSql, parameters, transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        var byFallback = await connection.ExecuteAsync(new CommandDefinition(FallbackSql, parameters, transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        var rows = await connection.ExecuteAsync(new CommandDefinition(SettleSql, parameters, transaction, commandTimeout: 0, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new MatchResult(byRefundId, byFallback, rows);
    }
}
