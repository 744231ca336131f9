namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>
/// Seeded random faults. Every request to a fault point that no queued fault matched draws once from
/// <c>new Random(Seed)</c> (0–999) and walks <see cref="FaultKind"/> in declaration order, adding up
/// <see cref="PerMille"/>: one seed and one request order always give one fault sequence. A drawn kind that
/// cannot affect the operation (lost_response on a GET) means no fault, so GETs do not shift the sequence
/// differently from POSTs.
/// </summary>
/// <param name="PerMille">Chance per kind out of 1000; the sum must not exceed 1000.</param>
public sealed record RandomFaults(int Seed, IReadOnlyDictionary<FaultKind, int> PerMille)
{
    /// <summary>The delay a drawn <see cref="FaultKind.Latency"/> adds.</summary>
    public int LatencyMilliseconds { get; init; } = 100;

    /// <summary>What a drawn <see cref="FaultKind.RateLimited"/> advertises in X-Ratelimit-Reset and Retry-After.</summary>
    public int RetryAfterSeconds { get; init; } = 1;

    internal void ThrowIfInvalid()
    {
        if (Problems() is [var first, ..])
        {
            throw new ArgumentException(first, "faults");
        }
    }

    internal IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (PerMille.Keys.Any(kind => !Enum.IsDefined(kind)))
        {
            problems.Add("per_mille keys must be among: " + FaultNames.AllKinds);
        }

        if (PerMille.Values.Any(chance => chance is < 0 or > 1000) || PerMille.Values.Sum(chance => (long)chance) > 1000)
        {
            problems.Add("per_mille values must be 0–1000 each and add up to at most 1000");
        }

        if (LatencyMilliseconds < 0 || (PerMille.GetValueOrDefault(FaultKind.Latency) > 0 && LatencyMilliseconds == 0))
        {
            problems.Add("latency_ms must be positive when latency has a chance");
        }

        if (RetryAfterSeconds < 0)
        {
            problems.Add("retry_after_seconds must not be negative");
        }

        return problems;
    }

    internal FaultSpec? Draw(Random generator)
    {
        var roll = generator.Next(1000);
        var threshold = 0;
        foreach (var kind in Enum.GetValues<FaultKind>())
        {
            threshold += PerMille.GetValueOrDefault(kind);
            if (roll < threshold)
            {
                return new FaultSpec(kind) { LatencyMilliseconds = LatencyMilliseconds, RetryAfterSeconds = RetryAfterSeconds };
            }
        }

        return null;
    }
}
