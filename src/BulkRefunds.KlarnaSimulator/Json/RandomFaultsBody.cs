using BulkRefunds.KlarnaSimulator.Faults;

namespace BulkRefunds.KlarnaSimulator.Json;

/// <summary>
/// Body of POST /_sim/faults/random, e.g. <c>{ "seed": 42, "per_mille": { "error_503": 50 }, "latency_ms": 100,
/// "retry_after_seconds": 1 }</c>; also how GET /_sim/faults shows the random settings.
/// </summary>
internal sealed record RandomFaultsBody
{
    public int? Seed { get; init; }

    public IReadOnlyDictionary<string, int>? PerMille { get; init; }

    public int LatencyMs { get; init; } = 100;

    public int RetryAfterSeconds { get; init; } = 1;

    public static RandomFaultsBody From(RandomFaults faults) => new()
    {
        Seed = faults.Seed,
        PerMille = faults.PerMille.ToDictionary(pair => FaultNames.Of(pair.Key), pair => pair.Value, StringComparer.Ordinal),
        LatencyMs = faults.LatencyMilliseconds,
        RetryAfterSeconds = faults.RetryAfterSeconds,
    };

    public (RandomFaults? Faults, IReadOnlyList<string> Problems) ToRandomFaults()
    {
        if (Seed is not { } seed)
        {
            return (null, ["seed is required: without it a run cannot be repeated"]);
        }

        var perMille = new Dictionary<FaultKind, int>();
        foreach (var (name, chance) in PerMille ?? new Dictionary<string, int>())
        {
            if (!FaultNames.TryParse(name, out FaultKind kind))
            {
                return (null, ["per_mille keys must be among: " + FaultNames.AllKinds]);
            }

            perMille[kind] = chance;
        }

        var faults = new RandomFaults(seed, perMille) { LatencyMilliseconds = LatencyMs, RetryAfterSeconds = RetryAfterSeconds };
        var problems = faults.Problems();
        return problems.Count == 0 ? (faults, []) : (null, problems);
    }
}
