namespace BulkRefunds.Klarna;

/// <summary>
/// One payout of Klarna's Settlements API v1 (settlements-contract.md §2.1). Only what reconciliation needs is typed;
/// unknown fields are ignored. Amounts are integer minor units as Klarna sends them.
/// </summary>
public sealed record KlarnaPayout(
    string PaymentReference,
    DateTimeOffset PayoutDate,
    string CurrencyCode,
    string? MerchantSettlementType,
    string? MerchantId,
    KlarnaPayoutTotals Totals);

/// <summary>A payout's totals (§2.2). Every field is optional in older payloads, so missing ones read as 0.</summary>
public sealed record KlarnaPayoutTotals(
    long SaleAmount,
    long ReturnAmount,
    long ReversalAmount,
    long FeeAmount,
    long SettlementAmount);

/// <summary>
/// One settlement transaction (§2.4). There is no transaction id in the API; type and detailed type are open strings
/// (the enum grows). Amount is stored as sent: its sign is unconfirmed (§5.2), so matching compares absolute values.
/// </summary>
public sealed record KlarnaSettlementTransaction(
    string Type,
    string? DetailedType,
    long Amount,
    string CurrencyCode,
    string OrderId,
    string? RefundId,
    string? MerchantRefundReference,
    string? PaymentReference,
    DateTimeOffset? SaleDate,
    DateTimeOffset? CaptureDate,
    string? ShortOrderId);
