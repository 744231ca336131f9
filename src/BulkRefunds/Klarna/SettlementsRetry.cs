namespace BulkRefunds.Klarna;

/// <summary>
/// How often the Settlements client asks again. GETs apply nothing, so 5xx, timeouts and broken connections are retried
/// with exponential backoff up to <see cref="MaxAttempts"/> attempts in all; 429s wait out Klarna's Retry-After (through
/// the account's budget) up to <see cref="MaxRateLimitedAttempts"/> times.
/// </summary>
public sealed record SettlementsRetry(int MaxAttempts, TimeSpan FirstBackoff, int MaxRateLimitedAttempts)
{
    /// <summary>5 attempts, waiting 0.5, 1, 2 and 4 s between them; 10 consecutive 429s.</summary>
    public static SettlementsRetry Default { get; } = new(5, TimeSpan.FromMilliseconds(500), 10);

    /// <summary>The wait after the <paramref name="failedAttempts"/>th failure: doubling from <see cref="FirstBackoff"/>.</summary>
    public TimeSpan Backoff(int failedAttempts) => TimeSpan.FromTicks(FirstBackoff.Ticks << Math.Min(failedAttempts - 1, 10));
}
