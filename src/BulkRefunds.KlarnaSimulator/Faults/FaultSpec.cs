using System.Globalization;

namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>
/// One fault for the next <paramref name="Times"/> matching requests, e.g.
/// <c>state.Faults.Enqueue(orderId, new FaultSpec(FaultKind.LostResponse, Times: 1))</c>.
/// </summary>
/// <param name="Times">How many matching requests get the fault; each consumes one.</param>
public sealed record FaultSpec(FaultKind Kind, int Times = 1)
{
    /// <summary>For <see cref="FaultKind.Latency"/>: the delay before normal processing, on the simulator's TimeProvider.</summary>
    public int LatencyMilliseconds { get; init; }

    /// <summary>For <see cref="FaultKind.RateLimited"/>: the X-Ratelimit-Reset (and Retry-After) it advertises.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    /// <summary>
    /// For <see cref="FaultKind.RateLimited"/>: whether Retry-After is sent; null follows
    /// <see cref="SimulatorOptions.RetryAfterHeader"/>. Klarna documents only X-Ratelimit-*, so clients must cope without it.
    /// </summary>
    public bool? RetryAfterHeader { get; init; }

    /// <summary>Only requests of this operation get the fault; null: any operation the kind can affect.</summary>
    public FaultOperation? Operation { get; init; }

    /// <summary>The request is applied and its response stored under the idempotency key before the fault acts.</summary>
    public bool ActsAfterApplying => Kind is FaultKind.HangAfterApply or FaultKind.LostResponse
        or FaultKind.BadGatewayAfterApply or FaultKind.GatewayTimeoutAfterApply;

    internal bool AppliesTo(FaultOperation operation)
        => (Operation is null || Operation == operation) && !(ActsAfterApplying && operation is not (FaultOperation.Refund or FaultOperation.Release));

    internal void ThrowIfInvalid()
    {
        if (Problems() is [var first, ..])
        {
            throw new ArgumentException(first, "fault");
        }
    }

    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Enum.IsDefined(Kind))
        {
            problems.Add("kind must be one of: " + FaultNames.AllKinds);
        }

        if (Times < 1)
        {
            problems.Add("times must be at least 1");
        }

        if (LatencyMilliseconds < 0 || (Kind == FaultKind.Latency && LatencyMilliseconds == 0))
        {
            problems.Add(Kind == FaultKind.Latency ? "latency_ms must be positive for latency" : "latency_ms must not be negative");
        }

        if (RetryAfterSeconds < 0)
        {
            problems.Add("retry_after_seconds must not be negative");
        }

        if (Operation is { } operation && !Enum.IsDefined(operation))
        {
            problems.Add("operation must be one of: " + FaultNames.AllOperations);
        }
        else if (Operation is { } only && !AppliesTo(only))
        {
            problems.Add(string.Create(
                CultureInfo.InvariantCulture, $"{FaultNames.Of(Kind)} cannot affect {FaultNames.Of(only)}: a GET applies nothing"));
        }

        return problems;
    }
}
