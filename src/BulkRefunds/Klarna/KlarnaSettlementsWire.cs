namespace BulkRefunds.Klarna;

/// <summary>
/// The Settlements API's JSON as sent (settlements-contract.md §2, §3): everything optional, so an older or newer payload
/// reads instead of failing; mapped to the public records, with missing totals as 0.
/// </summary>
internal static class KlarnaSettlementsWire
{
    public sealed record PayoutCollection(List<Payout>? Payouts, Pagination? Pagination);

    public sealed record TransactionCollection(List<Transaction>? Transactions, Pagination? Pagination);

    public sealed record Pagination(long? Count, long? Total, long? Offset, string? Next);

    public sealed record Payout(string? PaymentReference, DateTimeOffset? PayoutDate, string? CurrencyCode, string? MerchantSettlementType,
        string? MerchantId, Totals? Totals);

    public sealed record Totals(long? SaleAmount, long? ReturnAmount, long? ReversalAmount, long? FeeAmount, long? SettlementAmount);

    public sealed record Transaction(string? Type, string? DetailedType, long? Amount, string? CurrencyCode, string? OrderId, string? RefundId,
        string? MerchantRefundReference, string? PaymentReference, DateTimeOffset? SaleDate, DateTimeOffset? CaptureDate, string? ShortOrderId);

    public static KlarnaPayout? ToPayout(Payout payout) =>
        payout is { PaymentReference: { Length: > 0 } reference, PayoutDate: { } date, CurrencyCode: { } currency }
            ? new KlarnaPayout(reference, date, currency, payout.MerchantSettlementType, payout.MerchantId, new KlarnaPayoutTotals(
                payout.Totals?.SaleAmount ?? 0, payout.Totals?.ReturnAmount ?? 0, payout.Totals?.ReversalAmount ?? 0,
                payout.Totals?.FeeAmount ?? 0, payout.Totals?.SettlementAmount ?? 0))
            : null;

    // capture_id is "" on RETURN rows (§5.1) and refund_id may be too: empty strings are read as absent.
    public static KlarnaSettlementTransaction? ToTransaction(Transaction row) =>
        row is { Type: { Length: > 0 } type, Amount: { } amount, CurrencyCode: { } currency, OrderId: { Length: > 0 } orderId }
            ? new KlarnaSettlementTransaction(type, Blank(row.DetailedType), amount, currency, orderId, Blank(row.RefundId),
                Blank(row.MerchantRefundReference), Blank(row.PaymentReference), row.SaleDate, row.CaptureDate, Blank(row.ShortOrderId))
            : null;

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
