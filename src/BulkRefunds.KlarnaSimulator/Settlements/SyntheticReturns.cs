using System.Globalization;

namespace BulkRefunds.KlarnaSimulator.Settlements;

/// <summary>
/// <paramref name="Count"/> generated RETURN/PURCHASE_RETURN transactions spread round-robin over one payout per day
/// from <paramref name="From"/> to <paramref name="To"/> (payout dates, UTC) in one currency. Nothing is stored per
/// transaction: transaction i is computed from i (ids, amount), so a million of them cost no memory.
/// </summary>
/// <param name="Batch">Numbers the generator (set by <see cref="SettlementBook.Generate"/>) so ids of two batches differ.</param>
public sealed record SyntheticReturns(long Count, DateOnly From, DateOnly To, string Currency, int Batch = 0)
{
    private const string OrderIdPrefix = "5e771e00-";
    private const string RefundIdPrefix = "5e77ef00-";

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>How many of the transactions fall on payout day <paramref name="day"/> (0 = <see cref="From"/>).</summary>
    public long CountOn(int day) => (Count / Days) + (day < Count % Days ? 1 : 0);

    /// <summary>The <paramref name="index"/>th transaction of payout day <paramref name="day"/>.</summary>
    public SettlementTransaction At(int day, long index, DateTimeOffset captureDate)
    {
        var number = (index * Days) + day;
        return new SettlementTransaction(SettlementTransaction.Return, SettlementTransaction.PurchaseReturn, Id(OrderIdPrefix, number),
            Id(RefundIdPrefix, number), string.Create(CultureInfo.InvariantCulture, $"synthetic-{Batch}-{number}"), AmountOf(number), Currency, captureDate);
    }

    /// <summary>The sum of the amounts on payout day <paramref name="day"/>, without building a transaction.</summary>
    public long AmountOn(int day)
    {
        long sum = 0;
        for (long index = 0, count = CountOn(day); index < count; index++)
        {
            sum += AmountOf((index * Days) + day);
        }

        return sum;
    }

    /// <summary>The payout day and index of a generated order id, or null when the id is not one of this batch's.</summary>
    public (int Day, long Index)? Find(string orderId)
    {
        var prefix = Id(OrderIdPrefix, 0)[..^12];
        return orderId.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && long.TryParse(orderId.AsSpan(prefix.Length), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var number)
            && number < Count
                ? ((int)(number % Days), number / Days)
                : null;
    }

    // 1.00 to 999.99 in minor units, spread so totals are not a multiple of one amount.
    private static long AmountOf(long number) => 100 + (number * 7919 % 99_900);

    private string Id(string prefix, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}{Batch:x4}-4000-8000-{number:x12}");
}
