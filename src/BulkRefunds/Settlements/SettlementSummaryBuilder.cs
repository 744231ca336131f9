namespace BulkRefunds.Settlements;

/// <summary>Adds up the settlement report's lines as they are written (nothing kept per line but the first discrepancies).</summary>
internal sealed class SettlementSummaryBuilder
{
    public const int MaxListed = 100;

    private readonly SortedDictionary<string, long[]> currencies = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> statuses = new(StringComparer.Ordinal);
    private readonly List<SettlementDiscrepancy> discrepancies = [];
    private int discrepancyCount;

    public void Add(SettlementReportRow row, string? note)
    {
        var status = SettlementStatusText.Of(row.Status);
        statuses[status] = statuses.GetValueOrDefault(status) + 1;
        var totals = currencies.TryGetValue(row.Currency ?? "", out var found) ? found : currencies[row.Currency ?? ""] = new long[3];
        if (row.ManifestId is null)
        {
            totals[2] += row.SettledAmountMinor ?? 0;
        }
        else
        {
            totals[0] += row.AmountMinor ?? 0;
            totals[1] += row.SettledAmountMinor ?? 0;
        }

        if (SettlementStatusText.NeedsAttention(row.Status) && ++discrepancyCount <= MaxListed)
        {
            discrepancies.Add(new SettlementDiscrepancy(row.Account, row.OrderId, row.RefundId, status, note));
        }
    }

    public SettlementSummary Build() => new(
        [.. currencies.Select(pair => new SettlementCurrencyTotals(pair.Key, pair.Value[0], pair.Value[1], pair.Value[2]))],
        new Dictionary<string, int>(statuses, StringComparer.Ordinal), discrepancyCount, discrepancies);
}
