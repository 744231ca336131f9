using System.Diagnostics;
using BulkRefunds.Klarna;

namespace BulkRefunds.Tests.Klarna;

/// <summary>Several servers on one database each take their share of an account's rate.</summary>
public sealed class RateBudgetTests
{
    [Fact]
    public async Task Share_TwoServers_HalvesThisProcesssRate()
    {
        using var budget = new RateBudget(requestsPerSecond: 40);
        budget.Share(2);
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 40; i++)
        {
            using var lease = await budget.AcquireAsync(default);
        }

        Assert.Equal(20, budget.RequestsPerSecond);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.7), $"40 requests at 20/s took only {clock.Elapsed}");
    }

    [Fact]
    public async Task Share_WhileRequestsWait_TheyMoveToTheNewBucketAndAllGetATokenOnce()
    {
        using var budget = new RateBudget(requestsPerSecond: 10);
        var waiting = Enumerable.Range(0, 10).Select(async _ =>
        {
            using var lease = await budget.AcquireAsync(default);
            return lease.IsAcquired;
        }).ToList();

        budget.Share(2);

        Assert.All(await Task.WhenAll(waiting), Assert.True);
    }
}
