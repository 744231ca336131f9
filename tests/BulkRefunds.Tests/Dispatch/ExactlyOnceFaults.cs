using BulkRefunds.KlarnaSimulator.Faults;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>The simulator's seeded random faults for one case, as chances per mille.</summary>
internal sealed record ExactlyOnceFaults(
    int Seed, int Error503, int RateLimited, int LostResponse, int HangAfterApply, int Hang, int Latency, int LatencyMilliseconds)
{
    public RandomFaults ToRandomFaults() => new(Seed, new Dictionary<FaultKind, int>
    {
        [FaultKind.Error503] = Error503,
        [FaultKind.RateLimited] = RateLimited,
        [FaultKind.LostResponse] = LostResponse,
        [FaultKind.HangAfterApply] = HangAfterApply,
        [FaultKind.Hang] = Hang,
        [FaultKind.Latency] = Latency,
    })
    {
        LatencyMilliseconds = LatencyMilliseconds,
        // Kept short: every 429 makes the row wait this long before its next attempt.
        RetryAfterSeconds = 1,
    };

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"seed {Seed}, per mille: error_503 {Error503}, rate_limited {RateLimited}, lost_response {LostResponse}, hang_after_apply {HangAfterApply}, hang {Hang}, latency {Latency} ({LatencyMilliseconds} ms)");
}
