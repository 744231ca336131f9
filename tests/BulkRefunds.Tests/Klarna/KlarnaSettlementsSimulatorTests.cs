using System.Net;
using System.Net.Http.Json;
using BulkRefunds.KlarnaSimulator.Settlements;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static BulkRefunds.Tests.Klarna.SettlementsTestClients;

namespace BulkRefunds.Tests.Klarna;

/// <summary>The Settlements client against the simulator's settlements (derived from its ledger) over loopback.</summary>
public sealed class KlarnaSettlementsSimulatorTests
{
    private static DateTimeOffset From => TimeProvider.System.GetUtcNow().AddDays(-3);
    private static DateTimeOffset To => TimeProvider.System.GetUtcNow().AddDays(1);

    [Fact]
    public async Task GetPayoutsAsync_RefundsInTwoCurrencies_OnePayoutPerCurrencyWithItsReturns()
    {
        await using var sim = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
        var client = accounts.Settlements(KlarnaTestAccounts.Account);
        var euro = await RefundAsync(sim, accounts, "5e770000-0000-4000-8000-0000000000e1", 1000, "EUR", "row-1");
        await RefundAsync(sim, accounts, "5e770000-0000-4000-8000-0000000000e2", 500, "EUR", "row-2");
        await RefundAsync(sim, accounts, "5e770000-0000-4000-8000-0000000000f1", 700, "SEK", "row-3");

        var payouts = await AllAsync(client.GetPayoutsAsync(From, To, CancellationToken.None));
        var euroRows = await AllAsync(client.GetTransactionsAsync(payouts.Single(payout => payout.CurrencyCode == "EUR").PaymentReference, CancellationToken.None));

        Assert.Equal([("EUR", 1500L), ("SEK", 700L)], payouts.Select(payout => (payout.CurrencyCode, payout.Totals.ReturnAmount)).Order());
        Assert.All(payouts, payout => Assert.Equal(0, payout.Totals.SettlementAmount)); // no sales: returns only raise the debt
        var first = euroRows.Single(row => row.RefundId == euro);
        Assert.Equal(("RETURN", "PURCHASE_RETURN", 1000L, "row-1", "5e770000-0000-4000-8000-0000000000e1"),
            (first.Type, first.DetailedType, first.Amount, first.MerchantRefundReference, first.OrderId));
        Assert.Equal(["row-1", "row-2"], euroRows.Select(row => row.MerchantRefundReference).Order());
    }

    [Fact]
    public async Task GetPayoutsAsync_WindowBeforeThePayouts_ReturnsNone()
    {
        await using var sim = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
        await RefundAsync(sim, accounts, "5e770000-0000-4000-8000-0000000000a1", 1000);

        var payouts = await AllAsync(accounts.Settlements(KlarnaTestAccounts.Account).GetPayoutsAsync(From.AddDays(-30), From, CancellationToken.None));

        Assert.Empty(payouts);
    }

    [Fact]
    public async Task GetTransactionsAsync_1203GeneratedReturns_ThreePagesAndEveryOneExactlyOnce()
    {
        await using var sim = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
        var client = accounts.Settlements(KlarnaTestAccounts.Account);
        var day = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime.AddDays(-1));
        await PostAsync(sim, "_sim/settlements/generate", new { transactions = 1203, from = day, to = day, currency = "EUR" });
        var payout = Assert.Single(await AllAsync(client.GetPayoutsAsync(From, To, CancellationToken.None)));
        var before = client.RequestsSent;

        var rows = await AllAsync(client.GetTransactionsAsync(payout.PaymentReference, CancellationToken.None));

        Assert.Equal(3, client.RequestsSent - before);
        Assert.Equal(1203, rows.Select(row => row.RefundId).Distinct().Count());
        Assert.Equal(1203, rows.Count);
        Assert.Equal(payout.Totals.ReturnAmount, rows.Sum(row => row.Amount));
    }

    [Fact]
    public async Task GetTransactionsAsync_NegativeSign_AmountsNegativeAndTotalsStillMagnitudes()
    {
        await using var sim = await Simulator.StartAsync(options => options.SettlementAmountSign = SettlementAmountSign.Negative);
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
        var client = accounts.Settlements(KlarnaTestAccounts.Account);
        await RefundAsync(sim, accounts, "5e770000-0000-4000-8000-0000000000b1", 1234);

        var payout = Assert.Single(await AllAsync(client.GetPayoutsAsync(From, To, CancellationToken.None)));
        var row = Assert.Single(await AllAsync(client.GetTransactionsAsync(payout.PaymentReference, CancellationToken.None)));

        Assert.Equal((-1234L, 1234L), (row.Amount, payout.Totals.ReturnAmount));
    }

    [Fact]
    public async Task GetTransactionsAsync_WithheldRefund_AbsentFromPayouts()
    {
        await using var sim = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
        var client = accounts.Settlements(KlarnaTestAccounts.Account);
        var settled = await RefundAsync(sim, accounts, "5e770000-0000-4000-8000-0000000000c1", 1000);
        var withheld = await RefundAsync(sim, accounts, "5e770000-0000-4000-8000-0000000000c2", 300);
        await PostAsync(sim, "_sim/settlements/withhold", new { refund_id = withheld });

        var payout = Assert.Single(await AllAsync(client.GetPayoutsAsync(From, To, CancellationToken.None)));
        var rows = await AllAsync(client.GetTransactionsAsync(payout.PaymentReference, CancellationToken.None));

        Assert.Equal([settled], rows.Select(row => row.RefundId));
        Assert.Equal(1000, payout.Totals.ReturnAmount);
    }

    [Fact]
    public async Task GetTransactionsByOrderAsync_ForeignAndKlarnaOriginatedReturns_Present()
    {
        await using var sim = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
        var client = accounts.Settlements(KlarnaTestAccounts.Account);
        const string orderId = "5e770000-0000-4000-8000-0000000000d1";
        var ours = await RefundAsync(sim, accounts, orderId, 1000);
        await PostAsync(sim, "_sim/settlements/transactions", new { order_id = orderId, amount = 1000, currency = "EUR", refund_id = "f0f0f0f0-0000-4000-8000-000000000001", reference = "portal" });
        await PostAsync(sim, "_sim/settlements/transactions", new { order_id = orderId, amount = 200, currency = "EUR", type = "RETURN", detailed_type = "PAYMENT_DEFAULT" });
        await PostAsync(sim, "_sim/settlements/transactions", new { order_id = orderId, amount = 300, currency = "EUR", type = "REVERSAL", detailed_type = "REVERSAL" });

        var rows = await AllAsync(client.GetTransactionsByOrderAsync(orderId, CancellationToken.None));
        var payout = Assert.Single(await AllAsync(client.GetPayoutsAsync(From, To, CancellationToken.None)));

        Assert.Equal(
            [("RETURN", "PAYMENT_DEFAULT", 200L, (string?)null), ("RETURN", "PURCHASE_RETURN", 1000L, ours), ("RETURN", "PURCHASE_RETURN", 1000L, "f0f0f0f0-0000-4000-8000-000000000001"), ("REVERSAL", "REVERSAL", 300L, null)],
            rows.Select(row => (row.Type, row.DetailedType!, row.Amount, row.RefundId)).OrderBy(row => row.Type, StringComparer.Ordinal).ThenBy(row => row.Item2, StringComparer.Ordinal).ThenBy(row => row.RefundId == ours ? 0 : 1));
        Assert.Equal((2200L, 300L), (payout.Totals.ReturnAmount, payout.Totals.ReversalAmount));
        Assert.All(rows, row => Assert.Equal(payout.PaymentReference, row.PaymentReference));
    }

    [Fact]
    public async Task GetPayoutsAsync_PayoutDelayNotYetPassed_RefundPaidOnlyOnceItHas()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 15, 30, 0, TimeSpan.Zero));
        await using var sim = await Simulator.StartAsync(options => options.PayoutDelay = TimeSpan.FromDays(3), clock);
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
        var client = accounts.Settlements(KlarnaTestAccounts.Account);
        await RefundAsync(sim, accounts, "5e770000-0000-4000-8000-0000000000d7", 900);
        var (from, to) = (new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));

        var early = await AllAsync(client.GetPayoutsAsync(from, to, CancellationToken.None));
        clock.Advance(TimeSpan.FromDays(3));
        var due = await AllAsync(client.GetPayoutsAsync(from, to, CancellationToken.None));

        Assert.Empty(early);
        Assert.Equal(new DateTimeOffset(2026, 11, 5, 0, 0, 0, TimeSpan.Zero), Assert.Single(due).PayoutDate);
    }

    private static async Task PostAsync(Simulator sim, string path, object body)
    {
        using var http = new HttpClient { BaseAddress = sim.BaseAddress };
        using var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.NoContent, $"{path}: {response.StatusCode}");
    }
}
