namespace BulkRefunds.KlarnaSimulator.Traffic;

/// <summary>
/// GET /_sim/stats, for tests and benchmarks: /ordermanagement requests that passed auth, in total and per second
/// (<see cref="BySecond"/> is keyed by Unix seconds of the simulator's TimeProvider, last hour only), and the faults
/// injected so far by kind (injected 429s are counted there, not in <see cref="RateLimited"/>).
/// </summary>
/// <param name="RateLimitPerSecond">The configured limit; 0 when off.</param>
public sealed record SimulatorStats(
    long Requests,
    long RateLimited,
    int RateLimitPerSecond,
    int MaxRequestsPerSecond,
    int MaxAdmittedPerSecond,
    IReadOnlyDictionary<string, long> FaultsInjected,
    IReadOnlyDictionary<string, SecondStats> BySecond);
