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
