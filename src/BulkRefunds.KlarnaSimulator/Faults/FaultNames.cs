namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>
/// Wire names of <see cref="FaultKind"/> and <see cref="FaultOperation"/>. A table rather than a naming policy:
/// SnakeCaseLower turns Error500 into "error500", and the issue spells it "error_500".
/// </summary>
internal static class FaultNames
{
    private static readonly Dictionary<FaultKind, string> Kinds = new()
    {
        [FaultKind.Latency] = "latency",
        [FaultKind.Error500] = "error_500",
        [FaultKind.Error503] = "error_503",
        [FaultKind.RateLimited] = "rate_limited",
        [FaultKind.Hang] = "hang",
        [FaultKind.HangAfterApply] = "hang_after_apply",
        [FaultKind.LostResponse] = "lost_response",
        [FaultKind.BadGatewayAfterApply] = "bad_gateway_after_apply",
        [FaultKind.GatewayTimeoutAfterApply] = "gateway_timeout_after_apply",
    };

    private static readonly Dictionary<FaultOperation, string> Operations = new()
    {
        [FaultOperation.GetOrder] = "get_order",
        [FaultOperation.Refund] = "refund",
        [FaultOperation.Release] = "release",
        [FaultOperation.GetPayouts] = "get_payouts",
        [FaultOperation.GetPayout] = "get_payout",
        [FaultOperation.GetTransactions] = "get_transactions",
    };

    public static string AllKinds { get; } = string.Join(", ", Kinds.Values);

    public static string AllOperations { get; } = string.Join(", ", Operations.Values);

    public static string Of(FaultKind kind) => Kinds[kind];

    public static string Of(FaultOperation operation) => Operations[operation];

    public static bool TryParse(string? name, out FaultKind kind) => TryFind(Kinds, name, out kind);

    public static bool TryParse(string? name, out FaultOperation operation) => TryFind(Operations, name, out operation);

    private static bool TryFind<T>(Dictionary<T, string> names, string? name, out T value)
        where T : struct
    {
        foreach (var (candidate, wire) in names)
        {
            if (string.Equals(wire, name, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
