namespace BulkRefunds.Settlements;

/// <summary>
/// The settlement report's summary (written beside it as <c>.summary.json</c>): refunded vs settled per currency, never
/// summed across currencies; lines per status; the discrepancies a person must look at (the first
/// <see cref="SettlementSummaryBuilder.MaxListed"/> listed, all counted).
/// </summary>
public sealed record SettlementSummary(
    IReadOnlyList<SettlementCurrencyTotals> Currencies,
    IReadOnlyDictionary<string, int> LinesByStatus,
    int DiscrepancyCount,
    IReadOnlyList<SettlementDiscrepancy> Discrepancies)
{
    /// <summary>True when any line is overdue, amount_differs or unexpected_return: the CLI exits 2.</summary>
    public bool NeedsAttention => DiscrepancyCount > 0;
}

/// <summary>
/// One currency: what our succeeded refunds of the report sum to, what Klarna settled of them (absolute values), and
/// the returns on our orders that matched none of our rows (unexpected and Klarna-originated).
/// </summary>
public sealed record SettlementCurrencyTotals(string Currency, long RefundedMinor, long SettledMinor, long UnmatchedReturnsMinor);

/// <summary>A line that needs a person, as in the report.</summary>
public sealed record SettlementDiscrepancy(string Account, string OrderId, string? RefundId, string Status, string? Note);
