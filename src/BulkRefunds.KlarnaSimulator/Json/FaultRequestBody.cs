using BulkRefunds.KlarnaSimulator.Faults;

namespace BulkRefunds.KlarnaSimulator.Json;

/// <summary>
/// Body of POST /_sim/faults, e.g. <c>{ "order_id": "…", "kind": "lost_response", "times": 1 }</c>; also how
/// GET /_sim/faults lists what is queued. No order_id: the next requests to any order.
/// </summary>
internal sealed record FaultRequestBody
{
    public string? OrderId { get; init; }

    public string? Kind { get; init; }

    public int Times { get; init; } = 1;

    public int LatencyMs { get; init; }

    public int RetryAfterSeconds { get; init; } = 1;

    public bool? RetryAfterHeader { get; init; }

    /// <summary>get_order, refund or release; absent: any operation the kind can affect.</summary>
    public string? Operation { get; init; }

    public static FaultRequestBody From(string? orderId, FaultSpec spec, int remaining) => new()
    {
        OrderId = orderId,
        Kind = FaultNames.Of(spec.Kind),
        Times = remaining,
        LatencyMs = spec.LatencyMilliseconds,
        RetryAfterSeconds = spec.RetryAfterSeconds,
        RetryAfterHeader = spec.RetryAfterHeader,
        Operation = spec.Operation is { } operation ? FaultNames.Of(operation) : null,
    };

    /// <summary>The fault, or the problems that stop it being one (sent back as a 422).</summary>
    public (FaultSpec? Spec, IReadOnlyList<string> Problems) ToSpec()
    {
        if (!FaultNames.TryParse(Kind, out FaultKind kind))
        {
            return (null, ["kind must be one of: " + FaultNames.AllKinds]);
        }

        FaultOperation? only = null;
        if (Operation is not null)
        {
            if (!FaultNames.TryParse(Operation, out FaultOperation operation))
            {
                return (null, ["operation must be one of: " + FaultNames.AllOperations]);
            }

            only = operation;
        }

        var spec = new FaultSpec(kind, Times)
        {
            LatencyMilliseconds = LatencyMs,
            RetryAfterSeconds = RetryAfterSeconds,
            RetryAfterHeader = RetryAfterHeader,
            Operation = only,
        };
        var problems = spec.Problems();
        if (OrderId is not null && string.IsNullOrWhiteSpace(OrderId))
        {
            problems = [.. problems, "order_id must not be blank (leave it out to target any order)"];
        }

        return problems.Count == 0 ? (spec, []) : (null, problems);
    }
}
