using BulkRefunds.Klarna;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BulkRefunds.Settlements;

/// <summary>
/// Stores Klarna's payouts and transactions (idempotently: ON CONFLICT DO NOTHING on their natural keys), matches the
/// returns to our refund rows in set-based SQL, and reads the settlement report (docs/settlements.md).
/// </summary>
public sealed class SettlementStore(NpgsqlDataSource dataSource)
{
    private const string WatermarkSql = "SELECT max(payout_date) FROM bulkrefunds.settlement_payout WHERE account = @Account";

    private const string PayoutExistsSql = """
        SELECT EXISTS (SELECT 1 FROM bulkrefunds.settlement_payout WHERE account = @Account AND payment_reference = @PaymentReference)
        """;

    private const string WritePayoutSql = """
        INSERT INTO bulkrefunds.settlement_payout (account, payment_reference, payout_date, currency, merchant_settlement_type,
            sale_amount, return_amount, reversal_amount, fee_amount, settlement_amount, fetched_at)
        VALUES (@Account, @PaymentReference, @PayoutDate, @Currency, @MerchantSettlementType,
            @SaleAmount, @ReturnAmount, @ReversalAmount, @FeeAmount, @SettlementAmount, @FetchedAt)
        ON CONFLICT ON CONSTRAINT settlement_payout_pkey DO NOTHING
        """;

    private const string WriteLinesSql = """
        INSERT INTO bulkrefunds.settlement_transaction (account, payment_reference, line_key, occurrence, type, detailed_type, amount,
            currency, order_id, refund_id, merchant_refund_reference, sale_date, capture_date, short_order_id)
        SELECT @account, @payment_reference, l.*
        FROM unnest(@line_keys, @occurrences, @types, @detailed_types, @amounts, @currencies, @order_ids, @refund_ids, @references,
                    @sale_dates, @capture_dates, @short_order_ids)
             AS l(line_key, occurrence, type, detailed_type, amount, currency, order_id, refund_id, merchant_refund_reference,
                  sale_date, capture_date, short_order_id)
        ON CONFLICT ON CONSTRAINT settlement_transaction_natural_key DO NOTHING
        """;

    // Fresh statistics before matching: a first ingest of a month adds a million lines at once, and planned on the
    // empty table's statistics the matching joins would loop over them row by row.
    private const string AnalyzeSql = "ANALYZE bulkrefunds.settlement_transaction, bulkrefunds.settlement_payout";

    public async Task AnalyzeAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(AnalyzeSql, commandTimeout: 0, cancellationToken: cancellationToken));
    }

    /// <summary>The latest ingested payout of the account (a payout is stored after all its transactions), or null.</summary>
    public async Task<DateTimeOffset?> WatermarkAsync(string account, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var latest = await connection.ExecuteScalarAsync<DateTime?>(new CommandDefinition(WatermarkSql, new { Account = account }, cancellationToken: cancellationToken));
        return latest is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
    }

    public async Task<bool> PayoutExistsAsync(string account, string paymentReference, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(PayoutExistsSql,
            new { Account = account, PaymentReference = paymentReference }, cancellationToken: cancellationToken));
    }

    /// <summary>Records a payout as completely ingested: call after all its transactions are written. False when it was already.</summary>
    public async Task<bool> WritePayoutAsync(string account, KlarnaPayout payout, DateTimeOffset fetchedAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(WritePayoutSql, new
        {
            Account = account, payout.PaymentReference, PayoutDate = payout.PayoutDate.UtcDateTime, Currency = payout.CurrencyCode,
            payout.MerchantSettlementType, payout.Totals.SaleAmount, payout.Totals.ReturnAmount, payout.Totals.ReversalAmount,
            payout.Totals.FeeAmount, payout.Totals.SettlementAmount, FetchedAt = fetchedAt.UtcDateTime,
        }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Writes one batch of a payout's lines in one statement; lines already stored are left as they are. Returns how many were new.</summary>
    public async Task<int> WriteLinesAsync(string account, string paymentReference, IReadOnlyList<SettlementLine> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0)
        {
            return 0;
        }

        await using var command = dataSource.CreateCommand(WriteLinesSql);
        command.Parameters.Add(new NpgsqlParameter<string>("account", account));
        command.Parameters.Add(new NpgsqlParameter<string>("payment_reference", paymentReference));
        Add(command, "line_keys", NpgsqlDbType.Bigint, lines.Select(line => line.LineKey));
        Add(command, "occurrences", NpgsqlDbType.Integer, lines.Select(line => line.Occurrence));
        Add(command, "types", NpgsqlDbType.Text, lines.Select(line => line.Transaction.Type));
        Add(command, "detailed_types", NpgsqlDbType.Text, lines.Select(line => line.Transaction.DetailedType));
        Add(command, "amounts", NpgsqlDbType.Bigint, lines.Select(line => line.Transaction.Amount));
        Add(command, "currencies", NpgsqlDbType.Text, lines.Select(line => line.Transaction.CurrencyCode));
        Add(command, "order_ids", NpgsqlDbType.Text, lines.Select(line => line.Transaction.OrderId));
        Add(command, "refund_ids", NpgsqlDbType.Text, lines.Select(line => line.Transaction.RefundId));
        Add(command, "references", NpgsqlDbType.Text, lines.Select(line => line.Transaction.MerchantRefundReference));
        Add(command, "sale_dates", NpgsqlDbType.TimestampTz, lines.Select(line => line.Transaction.SaleDate?.UtcDateTime));
        Add(command, "capture_dates", NpgsqlDbType.TimestampTz, lines.Select(line => line.Transaction.CaptureDate?.UtcDateTime));
        Add(command, "short_order_ids", NpgsqlDbType.Text, lines.Select(line => line.Transaction.ShortOrderId));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });
}
