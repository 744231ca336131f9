using System.Globalization;

namespace BulkRefunds.KlarnaSimulator.Settlements;

/// <summary>
/// Derives the payouts from the ledger and the book at one moment of the simulator's clock. A transaction registered at
/// t is paid in the payout dated at 00:00 UTC of the day t + payout delay falls on (per currency), and a payout exists
/// once its payout_date has come. With no delay a refund is in today's payout at once.
/// </summary>
internal static class SettlementPayouts
{
    public static IReadOnlyList<SimulatedPayout> Build(IEnumerable<SettlementTransaction> refunds, SettlementBookSnapshot book, TimeSpan delay, DateTimeOffset now)
    {
        var listed = refunds
            .Where(refund => refund.RefundId is null || !book.Withheld.Contains(refund.RefundId, StringComparer.OrdinalIgnoreCase))
            .Concat(book.Added)
            .ToLookup(transaction => (Day: PayoutDay(transaction.CaptureDate + delay), transaction.Currency));
        var generated = book.Generated
            .SelectMany(batch => Enumerable.Range(0, batch.Days).Select(day => (Batch: batch, Day: day)))
            .ToLookup(part => (Day: part.Batch.From.AddDays(part.Day), part.Batch.Currency));
        return listed.Select(group => group.Key).Union(generated.Select(group => group.Key))
            .Select(key => (key.Day, key.Currency, Date: new DateTimeOffset(key.Day, TimeOnly.MinValue, TimeSpan.Zero)))
            .Where(key => key.Date <= now)
            .OrderBy(key => key.Date).ThenBy(key => key.Currency, StringComparer.Ordinal)
            .Select(key => new SimulatedPayout(Reference(key.Day, key.Currency), key.Date, key.Currency,
                [.. listed[(key.Day, key.Currency)].OrderBy(transaction => transaction.CaptureDate)], [.. generated[(key.Day, key.Currency)]], delay))
            .ToList();
    }

    /// <summary>The page of transactions at <paramref name="offset"/> and the total, over the payouts in scope.</summary>
    public static (long Total, List<(SimulatedPayout Payout, SettlementTransaction Transaction)> Page) Transactions(
        IEnumerable<SimulatedPayout> scope, string? orderId, long offset, int size)
    {
        if (orderId is not null)
        {
            var rows = scope.SelectMany(payout => payout.ForOrder(orderId).Select(transaction => (payout, transaction))).ToList();
            return (rows.Count, [.. rows.Skip((int)Math.Min(offset, int.MaxValue)).Take(size)]);
        }

        var payouts = scope.ToList();
        var page = new List<(SimulatedPayout, SettlementTransaction)>(size);
        var skip = offset;
        foreach (var payout in payouts)
        {
            for (var position = skip; position < payout.Count && page.Count < size; position++)
            {
                page.Add((payout, payout.At(position)));
            }

            skip = Math.Max(0, skip - payout.Count);
        }

        return (payouts.Sum(payout => payout.Count), page);
    }

    private static DateOnly PayoutDay(DateTimeOffset moment) => DateOnly.FromDateTime(moment.UtcDateTime);

    private static string Reference(DateOnly day, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"SIM{day:yyyyMMdd}{currency.ToUpperInvariant()}");
}
