using System.Globalization;

namespace BulkRefunds.KlarnaSimulator.Traffic;

/// <summary>
/// Counts /ordermanagement requests per second of the injected clock and enforces the global rate limit with
/// fixed one-second windows (Klarna publishes its limits per second and answers 429 "until reset").
/// </summary>
internal sealed class TrafficMeter(TimeProvider timeProvider, int limitPerSecond)
{
    // Enough for any benchmark run, small enough that a simulator left running for days stays small.
    private const int KeptSeconds = 3600;

    private readonly Lock gate = new();
    private readonly SortedDictionary<long, SecondStats> bySecond = [];
    private readonly Queue<long> admittedLastSecond = new();
    private long requests;
    private long rateLimited;
    private int maxRequests;
    private int maxAdmitted;
    private int maxAdmittedSliding;

    internal RateDecision Admit()
    {
        var now = timeProvider.GetUtcNow();
        var second = now.ToUnixTimeSeconds();
        lock (gate)
        {
            var counts = bySecond.GetValueOrDefault(second) ?? new SecondStats(0, 0, 0);
            var limited = limitPerSecond > 0 && counts.Admitted >= limitPerSecond;
            counts = limited
                ? counts with { Requests = counts.Requests + 1, RateLimited = counts.RateLimited + 1 }
                : counts with { Requests = counts.Requests + 1, Admitted = counts.Admitted + 1 };
            bySecond[second] = counts;
            Trim();
            requests++;
            rateLimited += limited ? 1 : 0;
            maxRequests = Math.Max(maxRequests, counts.Requests);
            maxAdmitted = Math.Max(maxAdmitted, counts.Admitted);
            if (!limited)
            {
                Slide(now.UtcTicks);
            }

            // A window is one second long, so the next one always starts within a second.
            return new RateDecision(limitPerSecond, limited, Math.Max(0, limitPerSecond - counts.Admitted), ResetSeconds: 1);
        }
    }

    internal SimulatorStats Stats(IReadOnlyDictionary<string, long> faultsInjected)
    {
        lock (gate)
        {
            return new SimulatorStats(
                requests, rateLimited, limitPerSecond, maxRequests, maxAdmitted, maxAdmittedSliding, faultsInjected,
                bySecond.ToDictionary(pair => pair.Key.ToString(CultureInfo.InvariantCulture), pair => pair.Value, StringComparer.Ordinal));
        }
    }

    internal void Reset()
    {
        lock (gate)
        {
            bySecond.Clear();
            requests = rateLimited = 0;
            maxRequests = maxAdmitted = maxAdmittedSliding = 0;
            admittedLastSecond.Clear();
        }
    }

    // The fixed windows above are what the limit enforces (as Klarna's gateway); a client can still crowd two halves of
    // neighbouring windows, which only a window that slides with every admitted request shows.
    private void Slide(long ticks)
    {
        admittedLastSecond.Enqueue(ticks);
        while (admittedLastSecond.Peek() <= ticks - TimeSpan.TicksPerSecond)
        {
            admittedLastSecond.Dequeue();
        }

        maxAdmittedSliding = Math.Max(maxAdmittedSliding, admittedLastSecond.Count);
    }

    private void Trim()
    {
        while (bySecond.Count > KeptSeconds)
        {
            bySecond.Remove(bySecond.Keys.First());
        }
    }
}
