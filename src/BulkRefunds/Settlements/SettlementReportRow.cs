namespace BulkRefunds.Settlements;

/// <summary>
/// One line of the settlement report: a succeeded refund row of ours (manifest and line set), or a return in Klarna's
/// payouts that matches none (manifest and line null, <see cref="Type"/> set). Amounts are minor units; settled
/// amounts are absolute values (the sign Klarna sends is unconfirmed).
/// </summary>
public sealed record SettlementReportRow(
    string Account,
    string OrderId,
    string? RefundId,
    Guid? ManifestId,
    int? LineNumber,
    string? Currency,
    long? AmountMinor,
    SettlementStatus Status,
    string? PaymentReference,
    DateTime? PayoutDate,
    long? SettledAmountMinor)
{
    /// <summary>How many returns settled the row (more than one: a refund split over captures or payouts).</summary>
    public int? Transactions { get; init; }

    /// <summary>For an unmatched return: its type, detailed type and merchant reference as Klarna sent them.</summary>
    public string? Type { get; init; }

    public string? DetailedType { get; init; }

    public string? MerchantRefundReference { get; init; }
}
