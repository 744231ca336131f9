using BulkRefunds.Klarna;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace BulkRefunds.Tests.Klarna;

/// <summary>The simulator as the client sees it: order ids through escaped paths, and the idempotency window.</summary>
public sealed class KlarnaSimulatorOrderPathTests
{
    // The client escapes the id as one path segment ("a%2Fb"); the simulator must look up the order it names.
    [Theory]
    [InlineData("a b")]
    [InlineData("a?b=1")]
    [InlineData("100%")]
    [InlineData("a/b")]
    public async Task CreateRefundAsync_OrderIdWithReservedCharacters_RefundsThatOrder(string orderId)
    {
        await using var sim = await Simulator.StartAsync();
        await sim.AddOrderAsync(orderId, "EUR", "DE", captured: 1000);
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);

        var outcome = await accounts.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync(orderId, KlarnaTestAccounts.RefundJson(400), Guid.NewGuid(), CancellationToken.None);

        Assert.True(outcome is KlarnaSuccess, $"Refund of order '{orderId}' gave {outcome}.");
        var entry = Assert.Single(await sim.LedgerAsync());
        Assert.Equal(orderId, entry.OrderId);
        Assert.Equal(400, entry.RefundedAmount);
    }

    [Fact]
    public async Task CreateRefundAsync_SameKeyAfterTheIdempotencyWindow_AppliesASecondRefund()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 3, 9, 0, 0, TimeSpan.Zero));
        await using var sim = await Simulator.StartAsync(clock);
        const string orderId = "1d3491c3-2408-5f51-9f6c-8562933ee292"; // seed: CAPTURED, 249900 SEK
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
        var client = accounts.Get(KlarnaTestAccounts.Account);
        var key = Guid.NewGuid();
        var json = KlarnaTestAccounts.RefundJson(1000);
        var first = await client.CreateRefundAsync(orderId, json, key, CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(23));
        var replay = await client.CreateRefundAsync(orderId, json, key, CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(1));

        var late = await client.CreateRefundAsync(orderId, json, key, CancellationToken.None);

        var firstId = Assert.IsType<KlarnaSuccess>(first).RefundId;
        Assert.Equal(firstId, Assert.IsType<KlarnaSuccess>(replay).RefundId);
        Assert.NotEqual(firstId, Assert.IsType<KlarnaSuccess>(late).RefundId);
        Assert.Equal(2, (await sim.LedgerAsync()).Count);
    }
}
