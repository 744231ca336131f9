using System.Diagnostics;
using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator.Faults;

namespace BulkRefunds.Tests.SimulatorFaults;

/// <summary>Latency slows a request down and changes nothing else.</summary>
public sealed class LatencyTests
{
    [Fact]
    public async Task CreateRefundAsync_LatencyFault_SucceedsAfterTheDelay()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(FaultKind.Latency) { LatencyMilliseconds = 400 });
        var stopwatch = Stopwatch.StartNew();

        var outcome = await sim.RefundAsync(Guid.NewGuid());

        stopwatch.Stop();
        var success = Assert.IsType<KlarnaSuccess>(outcome);
        Assert.Equal(Assert.Single(sim.Ledger).RefundId, success.RefundId);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(400), $"The call took only {stopwatch.Elapsed}.");
    }

    [Fact]
    public async Task CreateRefundAsync_LatencyLongerThanTheClientTimeout_ReturnsInDoubt()
    {
        await using var sim = await FaultSimulator.StartAsync(clientTimeoutSeconds: 1);
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(FaultKind.Latency) { LatencyMilliseconds = 3000 });

        var outcome = await sim.RefundAsync(Guid.NewGuid());

        // The client gave up during the delay, so the simulator never processed the request.
        Assert.Equal(FailureClass.InDoubt, Assert.IsType<KlarnaFailure>(outcome).Class);
        Assert.Empty(sim.Ledger);
    }

    [Fact]
    public async Task CreateRefundAsync_GlobalLatency_DelaysEveryRequest()
    {
        await using var sim = await FaultSimulator.StartAsync(options => options.LatencyMilliseconds = 250);
        var stopwatch = Stopwatch.StartNew();

        var first = await sim.RefundAsync(Guid.NewGuid());
        var second = await sim.RefundAsync(Guid.NewGuid());

        stopwatch.Stop();
        Assert.IsType<KlarnaSuccess>(first);
        Assert.IsType<KlarnaSuccess>(second);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(500), $"Two calls took only {stopwatch.Elapsed}.");
    }
}
