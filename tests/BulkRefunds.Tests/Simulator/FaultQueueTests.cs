using System.Net;
using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Tests.Klarna;

namespace BulkRefunds.Tests.SimulatorFaults;

/// <summary>Which requests consume queued faults: deterministic tests depend on exactly this.</summary>
public sealed class FaultQueueTests
{
    [Fact]
    public async Task Enqueue_TimesTwo_HitsTheNextTwoRequestsOnly()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(FaultKind.Error503, Times: 2));
        var key = Guid.NewGuid();

        var outcomes = new[] { await sim.RefundAsync(key), await sim.RefundAsync(key), await sim.RefundAsync(key) };

        Assert.Equal(503, Assert.IsType<KlarnaFailure>(outcomes[0]).HttpStatus);
        Assert.Equal(503, Assert.IsType<KlarnaFailure>(outcomes[1]).HttpStatus);
        Assert.IsType<KlarnaSuccess>(outcomes[2]);
        Assert.Equal(2, sim.State.Faults.InjectedCounts()[FaultKind.Error503]);
    }

    [Fact]
    public async Task Enqueue_FaultForOneOrder_LeavesOtherOrdersAlone()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder.ToUpperInvariant(), new FaultSpec(FaultKind.Error500));

        var other = await sim.RefundAsync(Guid.NewGuid(), orderId: FaultSimulator.OtherCapturedOrder);
        var target = await sim.RefundAsync(Guid.NewGuid(), orderId: FaultSimulator.CapturedOrder);

        Assert.IsType<KlarnaSuccess>(other);
        Assert.Equal(500, Assert.IsType<KlarnaFailure>(target).HttpStatus);
    }

    [Fact]
    public async Task EnqueueForAnyOrder_HitsTheNextRequestWhateverItsOrder()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.EnqueueForAnyOrder(new FaultSpec(FaultKind.Error503));

        var first = await sim.RefundAsync(Guid.NewGuid(), orderId: FaultSimulator.OtherCapturedOrder);
        var second = await sim.RefundAsync(Guid.NewGuid());

        Assert.Equal(503, Assert.IsType<KlarnaFailure>(first).HttpStatus);
        Assert.IsType<KlarnaSuccess>(second);
    }

    [Fact]
    public async Task Enqueue_FaultForReleaseOnly_IsNotConsumedByARefund()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.PartCapturedOrder, new FaultSpec(FaultKind.Error503) { Operation = FaultOperation.Release });

        var refund = await sim.RefundAsync(Guid.NewGuid(), orderId: FaultSimulator.PartCapturedOrder);
        var release = await sim.Client.ReleaseRemainingAuthorizationAsync(FaultSimulator.PartCapturedOrder, Guid.NewGuid(), CancellationToken.None);

        Assert.IsType<KlarnaSuccess>(refund);
        Assert.Equal(503, Assert.IsType<KlarnaFailure>(release).HttpStatus);
    }

    [Fact]
    public async Task GetOrder_LostResponseQueued_IsAnsweredAndLeavesTheFaultForTheRefund()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(FaultKind.LostResponse));

        using var response = await sim.GetAsync($"ordermanagement/v1/orders/{FaultSimulator.CapturedOrder}");
        var refund = await sim.RefundAsync(Guid.NewGuid());

        // A GET applies nothing, so "lost after applying" cannot hit it; the next refund gets the fault.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FailureClass.InDoubt, Assert.IsType<KlarnaFailure>(refund).Class);
    }

    [Fact]
    public async Task Enqueue_RequestWithBadCredentials_Gets401AndLeavesTheFaultQueued()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(FaultKind.Error503));
        using var intruder = KlarnaTestAccounts.Create(sim.Server.BaseAddress, password: "wrong");

        var rejected = await intruder.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync(FaultSimulator.CapturedOrder, KlarnaTestAccounts.RefundJson(100), Guid.NewGuid(), CancellationToken.None);
        var faulted = await sim.RefundAsync(Guid.NewGuid());

        var failure = Assert.IsType<KlarnaFailure>(rejected);
        Assert.Equal(401, failure.HttpStatus);
        Assert.Equal(FailureClass.Final, failure.Class);
        Assert.Equal(503, Assert.IsType<KlarnaFailure>(faulted).HttpStatus);
    }

    [Fact]
    public async Task Clear_QueuedFaults_AreDropped()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(FaultKind.Error500, Times: 5));

        sim.State.Faults.Clear();

        Assert.IsType<KlarnaSuccess>(await sim.RefundAsync(Guid.NewGuid()));
    }

    [Fact]
    public void Enqueue_LatencyWithoutADelay_Throws()
    {
        var faults = new SimulatorState(new SimulatorOptions(), TimeProvider.System, []).Faults;

        var exception = Assert.Throws<ArgumentException>(() => faults.Enqueue("order", new FaultSpec(FaultKind.Latency)));

        Assert.Contains("latency_ms", exception.Message, StringComparison.Ordinal);
    }
}
