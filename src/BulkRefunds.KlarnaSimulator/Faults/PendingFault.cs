namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>A queued fault and how many more requests it will hit; mutated only under the injector's lock.</summary>
internal sealed class PendingFault(string? orderId, FaultSpec spec)
{
    public string? OrderId { get; } = orderId;

    public FaultSpec Spec { get; } = spec;

    public int Remaining { get; set; } = spec.Times;
}
