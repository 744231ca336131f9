using System.Globalization;
using System.Text;
using System.Text.Json;
using BulkRefunds.KlarnaSimulator;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// Orders created on the simulator and the manifest that refunds each of them once, plus the checks that hold
/// Klarna's ledger and our report to exactly that. Even orders are captured for exactly the refund, so a row
/// judged afresh after a crash (as if nothing had been sent) would be refused as an over-refund; odd orders have
/// room for a second refund, so a second send under another key would show in the ledger rather than be refused.
/// </summary>
internal sealed class ManifestOrders
{
    private ManifestOrders(IReadOnlyList<(string OrderId, long AmountMinor)> rows) => Rows = rows;

    /// <summary>In manifest order: data line <c>i</c> is CSV line <c>i + 2</c>.</summary>
    public IReadOnlyList<(string OrderId, long AmountMinor)> Rows { get; }

    public string Csv
    {
        get
        {
            var csv = new StringBuilder("order_id,currency,refunded_amount\n");
            foreach (var (orderId, amount) in Rows)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{orderId},EUR,{amount}\n");
            }

            return csv.ToString();
        }
    }

    public static async Task<ManifestOrders> AddAsync(Simulator simulator, int count)
    {
        var rows = new List<(string, long)>();
        for (var i = 0; i < count; i++)
        {
            var orderId = string.Create(CultureInfo.InvariantCulture, $"e0c1d000-0000-4000-8000-{i + 1:D12}");
            var amount = 1000 + (37 * i);
            await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: i % 2 == 0 ? amount : 2 * amount);
            rows.Add((orderId, amount));
        }

        return new ManifestOrders(rows);
    }

    /// <summary>
    /// Slows the refund POSTs of every order (only POSTs: a GET order before them stays fast). With
    /// <paramref name="times"/> 2 a second POST for an order would meet a second delay, so the delays still pending
    /// afterwards count the POSTs each order received (<see cref="AssertEachRowPostedOnceAsync"/>).
    /// </summary>
    public void DelayRefunds(Simulator simulator, Func<int, int> latencyMilliseconds, int times = 1)
    {
        for (var i = 0; i < Rows.Count; i++)
        {
            simulator.Server.State.Faults.Enqueue(Rows[i].OrderId, new FaultSpec(FaultKind.Latency, times)
            {
                LatencyMilliseconds = latencyMilliseconds(i),
                Operation = FaultOperation.Refund,
            });
        }
    }

    /// <summary>After <see cref="DelayRefunds"/> with two delays per order: every order kept one, so it got one POST.</summary>
    public async Task AssertEachRowPostedOnceAsync(Simulator simulator)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        using var faults = JsonDocument.Parse(await http.GetStringAsync(new Uri("_sim/faults", UriKind.Relative)));
        var delaysLeft = faults.RootElement.GetProperty("pending").EnumerateArray()
            .ToDictionary(fault => fault.GetProperty("order_id").GetString()!, fault => fault.GetProperty("times").GetInt32(), StringComparer.Ordinal);
        Assert.All(Rows, row => Assert.True(delaysLeft.GetValueOrDefault(row.OrderId) == 1,
            $"Order {row.OrderId} received {2 - delaysLeft.GetValueOrDefault(row.OrderId)} refund POSTs."));
    }

    /// <summary>Klarna's side of the truth: one refund per row, under its own key, for its amount, and nothing else.</summary>
    public void AssertExactlyOneRefundPerRow(IReadOnlyList<LedgerEntry> ledger)
    {
        foreach (var (orderId, amount) in Rows)
        {
            var refunds = ledger.Where(entry => entry.OrderId == orderId).ToList();
            Assert.True(refunds.Count == 1, $"Klarna's ledger holds {refunds.Count} refunds for order {orderId}.");
            Assert.Equal((LedgerEntry.RefundKind, amount), (refunds[0].Kind, refunds[0].RefundedAmount));
        }

        Assert.Equal(Rows.Count, ledger.Select(entry => entry.IdempotencyKey).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Rows.Count, ledger.Count);
    }

    /// <summary>Every row succeeded in the report, with the refund id and key Klarna's ledger holds for it.</summary>
    public void AssertReportMatchesLedger(IReadOnlyList<Dictionary<string, string>> report, IReadOnlyList<LedgerEntry> ledger)
    {
        Assert.Equal(Rows.Select(row => row.OrderId), report.Select(line => line["order_id"]));
        foreach (var line in report)
        {
            var entry = Assert.Single(ledger, entry => entry.OrderId == line["order_id"]);
            Assert.Equal(("succeeded", entry.RefundId, entry.IdempotencyKey), (line["status"], line["refund_id"], line["idempotency_key"]));
        }
    }
}
