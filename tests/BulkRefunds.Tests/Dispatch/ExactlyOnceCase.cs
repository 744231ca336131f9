using System.Globalization;
using System.Text;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>One generated scenario of the exactly-once property: orders, manifest rows, Klarna's faults, and the disturbances.</summary>
internal sealed record ExactlyOnceCase(
    IReadOnlyList<ExactlyOnceOrder> Orders, IReadOnlyList<ExactlyOnceRow> Rows, ExactlyOnceFaults Faults, ExactlyOnceSchedule Schedule)
{
    /// <summary>The manifest, with the order ids this run created (fresh per run, so a replayed case never meets an old ledger).</summary>
    public string Csv(IReadOnlyList<string> orderIds)
    {
        var csv = new StringBuilder("order_id,currency,refunded_amount,reference\n");
        foreach (var row in Rows)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{orderIds[row.Order]},{row.Currency},{row.AmountMinor},{row.Reference}\n");
        }

        return csv.ToString();
    }

    /// <summary>Whether data line <paramref name="index"/> repeats an earlier line of the file.</summary>
    public bool IsRepeat(int index) => Rows.Take(index).Contains(Rows[index]);

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("orders: ").AppendJoin(", ", Orders.Select((order, i) => string.Create(CultureInfo.InvariantCulture, $"#{i} {order.Currency} {order.CapturedMinor}")));
        text.Append("\nrows: ").AppendJoin(", ", Rows.Select(row => string.Create(CultureInfo.InvariantCulture, $"#{row.Order} {row.Currency} {row.AmountMinor} {row.Reference}")));
        text.Append("\nfaults: ").Append(Faults);
        text.Append("\nschedule: ").Append(Schedule);
        return text.ToString();
    }
}
