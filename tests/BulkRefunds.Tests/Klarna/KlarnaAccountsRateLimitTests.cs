using System.Diagnostics;
using System.Globalization;
using BulkRefunds.Klarna;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Klarna;

/// <summary>Each account's token bucket holds this process to its RequestsPerSecond budget.</summary>
public sealed class KlarnaAccountsRateLimitTests
{
    [Fact]
    public async Task CreateRefundAsync_FortyCallsAtTwentyPerSecond_TakesAtLeastTheBudgetedTime()
    {
        await using var sim = await Simulator.StartAsync();
        const string orderId = "0a7e0000-0000-4000-8000-000000000040";
        await sim.AddOrderAsync(orderId, "EUR", "DE", captured: 40 * 100);
        using var accounts = KlarnaTestAccounts.Create(sim.BaseAddress, requestsPerSecond: 20);
        var client = accounts.Get(KlarnaTestAccounts.Account);
        var outcomes = new List<KlarnaOutcome>();
        var stopwatch = Stopwatch.StartNew();

        for (var call = 0; call < 40; call++)
        {
            var json = KlarnaTestAccounts.RefundJson(100, call.ToString(CultureInfo.InvariantCulture));
            outcomes.Add(await client.CreateRefundAsync(orderId, json, Guid.NewGuid(), CancellationToken.None));
        }

        stopwatch.Stop();
        Assert.All(outcomes, outcome => Assert.IsType<KlarnaSuccess>(outcome));
        Assert.Equal(40, (await sim.LedgerAsync()).Count);
        // 40 requests at 20/s need ~1.9 s after the initial burst; 1.4 s is the bound that proves pacing.
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(1400), $"40 calls at 20/s took only {stopwatch.Elapsed}.");
    }
}
