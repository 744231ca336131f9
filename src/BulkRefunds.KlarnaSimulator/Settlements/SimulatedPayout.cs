namespace BulkRefunds.KlarnaSimulator.Settlements;

/// <summary>
/// One payout: a currency and a payout day. Its transactions are the listed ones (refunds, added ones) followed by the
/// generated ones, addressed by position so a page of a million-row payout builds only that page.
/// </summary>
internal sealed record SimulatedPayout(
    string PaymentReference,
    DateTimeOffset PayoutDate,
    string Currency,
    IReadOnlyList<SettlementTransaction> Listed,
    IReadOnlyList<(SyntheticReturns Batch, int Day)> Generated,
    TimeSpan PayoutDelay)
{
    public long Count => Listed.Count + Generated.Sum(part => part.Batch.CountOn(part.Day));

    /// <summary>Sum of the RETURN magnitudes (totals are unsigned, whatever the transactions' sign).</summary>
    public long ReturnAmount => Sum(SettlementTransaction.Return) + Generated.Sum(part => part.Batch.AmountOn(part.Day));

    public long ReversalAmount => Sum(SettlementTransaction.Reversal);

    public SettlementTransaction At(long position)
    {
        if (position < Listed.Count)
        {
            return Listed[(int)position];
        }

        position -= Listed.Count;
        foreach (var (batch, day) in Generated)
        {
            if (position < batch.CountOn(day))
            {
                // Generated returns were registered one payout delay before their payout.
                return batch.At(day, position, PayoutDate - PayoutDelay);
            }

            position -= batch.CountOn(day);
        }

        throw new ArgumentOutOfRangeException(nameof(position));
    }

    public IEnumerable<SettlementTransaction> ForOrder(string orderId) =>
        Listed.Where(transaction => string.Equals(transaction.OrderId, orderId, StringComparison.OrdinalIgnoreCase))
            .Concat(Generated.Select(part => (part.Batch, part.Day, Found: part.Batch.Find(orderId)))
                .Where(part => part.Found?.Day == part.Day)
                .Select(part => part.Batch.At(part.Day, part.Found!.Value.Index, PayoutDate - PayoutDelay)));

    private long Sum(string type) =>
        Listed.Where(transaction => transaction.Type == type).Sum(transaction => transaction.Amount);
}
