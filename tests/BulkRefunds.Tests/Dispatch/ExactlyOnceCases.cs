using CsCheck;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// The generator of the exactly-once property. Rows pick among few orders, so orders recur; most amounts are 5–50 % of the
/// capture, so sums of rows run past what is left, and one in five is 80–130 %; one row in ten names another currency
/// (sometimes the order's own after all); one in twelve repeats the row before it.
/// </summary>
internal static class ExactlyOnceCases
{
    private static readonly string[] Currencies = ["EUR", "SEK", "GBP", "NOK"];

    private static readonly Gen<int> Percent = Gen.Frequency((4, (IGen<int>)Gen.Int[5, 50]), (1, Gen.Int[80, 130]));

    private static readonly Gen<ExactlyOnceOrder> Order =
        Gen.Select(Gen.Int[0, Currencies.Length - 1], Gen.Long[500, 20_000], (currency, captured) => new ExactlyOnceOrder(Currencies[currency], captured));

    // Small chances: every hang costs the client its 1 s timeout, every 429 a 1 s Retry-After.
    private static readonly Gen<ExactlyOnceFaults> Faults = Gen.Select(
        Gen.Int[0, 1_000_000], Gen.Int[0, 150], Gen.Int[0, 50], Gen.Int[0, 100], Gen.Int[0, 30], Gen.Int[0, 15], Gen.Int[0, 200], Gen.Int[20, 1300],
        (seed, error503, rateLimited, lost, hangAfterApply, hang, latency, latencyMilliseconds) =>
            new ExactlyOnceFaults(seed, error503, rateLimited, lost, hangAfterApply, hang, latency, latencyMilliseconds));

    private static readonly Gen<ExactlyOnceSchedule> Schedule = Gen.Select(
        Gen.Bool, Gen.Bool, Gen.Int[0, 1500], Gen.Int[1, 8], Gen.Int[1, 4], Gen.Int[2, 5],
        (two, crash, crashAfter, batch, concurrency, attempts) => new ExactlyOnceSchedule(two, crash ? crashAfter : null, batch, concurrency, attempts));

    public static Gen<ExactlyOnceCase> All { get; } =
        from orders in Order.Array[1, 6]
        from draws in Draw(orders.Length).Array[5, 25]
        from faults in Faults
        from schedule in Schedule
        select new ExactlyOnceCase(orders, Rows(orders, draws), faults, schedule);

    private static Gen<(int Order, int Percent, int CurrencyRoll, int OtherCurrency, int RepeatRoll)> Draw(int orders) =>
        Gen.Select(Gen.Int[0, orders - 1], Percent, Gen.Int[0, 9], Gen.Int[0, Currencies.Length - 1], Gen.Int[0, 11]);

    private static List<ExactlyOnceRow> Rows(ExactlyOnceOrder[] orders, (int Order, int Percent, int CurrencyRoll, int OtherCurrency, int RepeatRoll)[] draws)
    {
        var rows = new List<ExactlyOnceRow>(draws.Length);
        foreach (var draw in draws)
        {
            if (draw.RepeatRoll == 0 && rows.Count > 0)
            {
                rows.Add(rows[^1]);
                continue;
            }

            var order = orders[draw.Order];
            rows.Add(new ExactlyOnceRow(draw.Order, draw.CurrencyRoll == 0 ? Currencies[draw.OtherCurrency] : order.Currency,
                Math.Max(1, order.CapturedMinor * draw.Percent / 100), $"RMA-{rows.Count + 1}"));
        }

        return rows;
    }
}
