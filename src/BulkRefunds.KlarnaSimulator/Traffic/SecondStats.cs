namespace BulkRefunds.KlarnaSimulator.Traffic;

/// <summary>
/// One second of the simulator's clock: requests that passed auth, how many the rate limit let through to fault
/// injection and processing (admitted), and how many it answered with 429 (rate_limited).
/// </summary>
public sealed record SecondStats(int Requests, int Admitted, int RateLimited);
