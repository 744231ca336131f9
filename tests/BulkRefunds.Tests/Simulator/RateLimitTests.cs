using System.Net;
using System.Text.Json;
using BulkRefunds.Klarna;
using Microsoft.Extensions.Time.Testing;

namespace BulkRefunds.Tests.SimulatorFaults;

/// <summary>
/// The global rate limit: at most RateLimitPerSecond requests per second of the simulator's clock are processed,
/// the rest get 429 with X-Ratelimit-*, and /_sim/stats shows what each second admitted.
/// </summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task CreateRefundAsync_BurstOfTwiceTheLimit_AppliesTheLimitAndAnswersTheRest429()
    {
        // A stopped clock puts the whole burst in one window, so the split is exact.
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 3, 9, 0, 0, TimeSpan.Zero));
        await using var sim = await FaultSimulator.StartAsync(options => options.RateLimitPerSecond = 5, clock);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => sim.RefundAsync(Guid.NewGuid(), orderId: FaultSimulator.OtherCapturedOrder)));

        Assert.Equal(5, outcomes.OfType<KlarnaSuccess>().Count());
        var limited = outcomes.OfType<KlarnaFailure>().ToList();
        Assert.Equal(5, limited.Count);
        Assert.All(limited, failure =>
        {
            Assert.Equal(FailureClass.Retryable, failure.Class);
            Assert.Equal(429, failure.HttpStatus);
            Assert.Equal("TOO_MANY_REQUESTS", failure.Error.ErrorCode);
            Assert.Equal(TimeSpan.FromSeconds(1), failure.RetryAfter);
        });
        Assert.Equal(5, sim.Ledger.Count);
        using var stats = await StatsAsync(sim);
        var root = stats.RootElement;
        Assert.Equal(10, root.GetProperty("requests").GetInt64());
        Assert.Equal(5, root.GetProperty("rate_limited").GetInt64());
        Assert.Equal(10, root.GetProperty("max_requests_per_second").GetInt32());
        Assert.Equal(5, root.GetProperty("max_admitted_per_second").GetInt32());
        var second = Assert.Single(root.GetProperty("by_second").EnumerateObject());
        Assert.Equal(clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), second.Name);
        Assert.Equal(5, second.Value.GetProperty("admitted").GetInt32());
    }

    [Fact]
    public async Task CreateRefundAsync_LimitReachedThenNextSecond_IsAdmittedAgain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 3, 9, 0, 0, TimeSpan.Zero));
        await using var sim = await FaultSimulator.StartAsync(options => options.RateLimitPerSecond = 1, clock);
        Assert.IsType<KlarnaSuccess>(await sim.RefundAsync(Guid.NewGuid()));
        var key = Guid.NewGuid();

        var limited = await sim.RefundAsync(key);
        clock.Advance(TimeSpan.FromSeconds(1));
        var retried = await sim.RefundAsync(key);

        Assert.Equal(429, Assert.IsType<KlarnaFailure>(limited).HttpStatus);
        Assert.IsType<KlarnaSuccess>(retried);
        Assert.Equal(2, sim.Ledger.Count);
    }

    [Fact]
    public async Task CreateRefundAsync_BurstOfFourTimesTheLimitOnTheRealClock_NoSecondAppliesMoreThanTheLimit()
    {
        await using var sim = await FaultSimulator.StartAsync(options => options.RateLimitPerSecond = 5);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => sim.RefundAsync(Guid.NewGuid(), orderId: FaultSimulator.OtherCapturedOrder)));

        // 20 requests fit into 5-request windows only if the burst is spread over four seconds; a burst is not.
        Assert.Contains(outcomes, outcome => outcome is KlarnaFailure { HttpStatus: 429 });
        using var stats = await StatsAsync(sim);
        var seconds = stats.RootElement.GetProperty("by_second").EnumerateObject().Select(second => second.Value).ToList();
        Assert.All(seconds, second => Assert.InRange(second.GetProperty("admitted").GetInt32(), 0, 5));
        Assert.Equal(seconds.Sum(second => second.GetProperty("admitted").GetInt32()), sim.Ledger.Count);
        Assert.Equal(outcomes.OfType<KlarnaSuccess>().Count(), sim.Ledger.Count);
    }

    [Fact]
    public async Task GetOrder_LimitOn_EveryResponseCarriesTheRateLimitHeaders()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 3, 9, 0, 0, TimeSpan.Zero));
        await using var sim = await FaultSimulator.StartAsync(options => options.RateLimitPerSecond = 2, clock);
        var path = $"ordermanagement/v1/orders/{FaultSimulator.CapturedOrder}";

        using var first = await sim.GetAsync(path);
        using var second = await sim.GetAsync(path);
        using var third = await sim.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("2, 2;w=1", Header(first, "X-Ratelimit-Limit"));
        Assert.Equal("1", Header(first, "X-Ratelimit-Remaining"));
        Assert.Equal("1", Header(first, "X-Ratelimit-Reset"));
        Assert.Equal("0", Header(second, "X-Ratelimit-Remaining"));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Equal("0", Header(third, "X-Ratelimit-Remaining"));
        Assert.Equal("1", Header(third, "Retry-After"));
    }

    [Fact]
    public async Task GetOrder_RetryAfterHeaderOff_429CarriesOnlyXRatelimitReset()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 3, 9, 0, 0, TimeSpan.Zero));
        await using var sim = await FaultSimulator.StartAsync(
            options => (options.RateLimitPerSecond, options.RetryAfterHeader) = (1, false), clock);
        var path = $"ordermanagement/v1/orders/{FaultSimulator.CapturedOrder}";
        using var admitted = await sim.GetAsync(path);

        using var limited = await sim.GetAsync(path);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Null(limited.Headers.RetryAfter);
        Assert.Equal("1", Header(limited, "X-Ratelimit-Reset"));
    }

    [Fact]
    public async Task GetOrder_LimitOff_SendsNoRateLimitHeaders()
    {
        await using var sim = await FaultSimulator.StartAsync();

        using var response = await sim.GetAsync($"ordermanagement/v1/orders/{FaultSimulator.CapturedOrder}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Ratelimit-Limit"));
    }

    private static async Task<JsonDocument> StatsAsync(FaultSimulator sim)
    {
        using var response = await sim.Http.GetAsync("_sim/stats");
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
