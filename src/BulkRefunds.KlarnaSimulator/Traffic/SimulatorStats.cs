namespace BulkRefunds.KlarnaSimulator.Traffic;

/// <summary>
/// GET /_sim/stats, for tests and benchmarks: /ordermanagement requests that passed auth, in total and per second
/// (<see cref="BySecond"/> is keyed by Unix seconds of the simulator's TimeProvider, last hour only), and the faults
/// injected so far by kind (injected 429s are counted there, not in <see cref="RateLimited"/>).
/// </summary>
/// <param name="RateLimitPerSecond">The configured limit; 0 when off.</param>
/// <param name="MaxAdmittedPerSlidingSecond">The most requests admitted in any one second, measured from each admitted request back.</param>
public sealed record SimulatorStats(
    long Requests,
    long RateLimited,
    int RateLimitPerSecond,
    int MaxRequestsPerSecond,
    int MaxAdmittedPerSecond,
    int MaxAdmittedPerSlidingSecond,
    IReadOnlyDictionary<string, long> FaultsInjected,
    IReadOnlyDictionary<string, SecondStats> BySecond);
