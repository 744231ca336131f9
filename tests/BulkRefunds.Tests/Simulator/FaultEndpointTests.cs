using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BulkRefunds.Klarna;

namespace BulkRefunds.Tests.SimulatorFaults;

/// <summary>/_sim/faults and /_sim/stats: the same controls over HTTP, for a simulator in another process.</summary>
public sealed class FaultEndpointTests
{
    [Fact]
    public async Task PostFaults_LostResponseForAnOrder_IsQueuedAndHitsThatOrder()
    {
        await using var sim = await FaultSimulator.StartAsync();

        using var posted = await sim.Http.PostAsJsonAsync("_sim/faults", new { order_id = FaultSimulator.CapturedOrder, kind = "lost_response", times = 1 });
        using var queued = JsonDocument.Parse(await posted.Content.ReadAsStringAsync());
        var outcome = await sim.RefundAsync(Guid.NewGuid());

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var pending = Assert.Single(queued.RootElement.GetProperty("pending").EnumerateArray());
        Assert.Equal(FaultSimulator.CapturedOrder, pending.GetProperty("order_id").GetString());
        Assert.Equal("lost_response", pending.GetProperty("kind").GetString());
        Assert.Equal(FailureClass.InDoubt, Assert.IsType<KlarnaFailure>(outcome).Class);
        Assert.Single(sim.Ledger);
    }

    [Fact]
    public async Task PostFaults_RateLimitedForAnyOrderWithoutRetryAfter_AdvertisesTheWaitInXRatelimitReset()
    {
        await using var sim = await FaultSimulator.StartAsync();

        using var posted = await sim.Http.PostAsJsonAsync("_sim/faults", new { kind = "rate_limited", retry_after_seconds = 2, retry_after_header = false });
        var outcome = await sim.RefundAsync(Guid.NewGuid(), orderId: FaultSimulator.OtherCapturedOrder);

        posted.EnsureSuccessStatusCode();
        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(429, failure.HttpStatus);
        Assert.Equal(TimeSpan.FromSeconds(2), failure.RetryAfter);
    }

    [Theory]
    [InlineData("""{ "kind": "meteor_strike" }""", "kind must be one of")]
    [InlineData("""{ "kind": "error_503", "times": 0 }""", "times must be at least 1")]
    [InlineData("""{ "kind": "latency" }""", "latency_ms must be positive")]
    [InlineData("""{ "kind": "hang_after_apply", "operation": "get_order" }""", "cannot affect get_order")]
    public async Task PostFaults_InvalidFault_Returns422NamingTheProblem(string body, string problem)
    {
        await using var sim = await FaultSimulator.StartAsync();

        using var response = await sim.Http.PostAsync("_sim/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("UNPROCESSABLE_ENTITY", error.RootElement.GetProperty("error_code").GetString());
        Assert.Contains(error.RootElement.GetProperty("error_messages").EnumerateArray(),
            message => message.GetString()!.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostFaultsRandom_ThenDeleteFaults_FaultsStopAndTheSettingsAreGone()
    {
        await using var sim = await FaultSimulator.StartAsync();
        using var set = await sim.Http.PostAsJsonAsync("_sim/faults/random", new { seed = 42, per_mille = new { error_500 = 1000 } });
        var faulted = await sim.RefundAsync(Guid.NewGuid());

        using var deleted = await sim.Http.DeleteAsync("_sim/faults");
        var clean = await sim.RefundAsync(Guid.NewGuid());
        using var faults = JsonDocument.Parse(await sim.Http.GetStringAsync("_sim/faults"));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(500, Assert.IsType<KlarnaFailure>(faulted).HttpStatus);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.IsType<KlarnaSuccess>(clean);
        Assert.Empty(faults.RootElement.GetProperty("pending").EnumerateArray());
        Assert.False(faults.RootElement.TryGetProperty("random", out _));
    }

    [Fact]
    public async Task PostFaultsRandom_WithoutSeed_Returns422()
    {
        await using var sim = await FaultSimulator.StartAsync();

        using var response = await sim.Http.PostAsJsonAsync("_sim/faults/random", new { per_mille = new { error_503 = 50 } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task GetStats_AfterRequestsAndFaults_CountsBothThenDeleteStartsAfresh()
    {
        await using var sim = await FaultSimulator.StartAsync();
        using var posted = await sim.Http.PostAsJsonAsync("_sim/faults", new { kind = "error_503" });
        await sim.RefundAsync(Guid.NewGuid());
        await sim.RefundAsync(Guid.NewGuid());

        using var stats = JsonDocument.Parse(await sim.Http.GetStringAsync("_sim/stats"));
        using var deleted = await sim.Http.DeleteAsync("_sim/stats");
        using var fresh = JsonDocument.Parse(await sim.Http.GetStringAsync("_sim/stats"));

        var root = stats.RootElement;
        Assert.Equal(2, root.GetProperty("requests").GetInt64());
        Assert.Equal(0, root.GetProperty("rate_limit_per_second").GetInt32());
        Assert.InRange(root.GetProperty("max_requests_per_second").GetInt32(), 1, 2);
        Assert.Equal(1, root.GetProperty("faults_injected").GetProperty("error_503").GetInt64());
        Assert.Equal(2, root.GetProperty("by_second").EnumerateObject().Sum(second => second.Value.GetProperty("requests").GetInt32()));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(0, fresh.RootElement.GetProperty("requests").GetInt64());
        Assert.Empty(fresh.RootElement.GetProperty("by_second").EnumerateObject());
    }
}
