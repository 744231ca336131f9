using System.Threading.RateLimiting;

namespace BulkRefunds.Klarna;

/// <summary>
/// One merchant account's request budget in this process: a token bucket (System.Threading.RateLimiting) that every
/// request, GET or POST, takes a token from. Klarna's limit is per merchant, so when several servers work one
/// database each takes its share (<see cref="Share"/>), and together they stay under the configured rate.
/// </summary>
public sealed class RateBudget(int requestsPerSecond) : IDisposable
{
    private readonly Lock gate = new();
    private TokenBucketRateLimiter limiter = Create(requestsPerSecond);
    private int servers = 1;

    public int RequestsPerSecond => Math.Max(1, requestsPerSecond / servers);

    /// <summary>Splits the account's rate between <paramref name="liveServers"/> processes.</summary>
    public void Share(int liveServers)
    {
        TokenBucketRateLimiter old;
        lock (gate)
        {
            liveServers = Math.Max(1, liveServers);
            if (liveServers == servers)
            {
                return;
            }

            servers = liveServers;
            old = limiter;
            limiter = Create(RequestsPerSecond);
        }

        // Waiters on the old bucket get a failed lease and queue again on the new one (AcquireAsync below).
        old.Dispose();
    }

    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var lease = await Volatile.Read(ref limiter).AcquireAsync(1, cancellationToken);
            if (lease.IsAcquired)
            {
                return lease;
            }

            lease.Dispose();
        }
    }

    public void Dispose() => limiter.Dispose();

    // Tokens are added about a hundred times a second, one tick's worth and 1 % below the rate: any one-second window
    // of the sender sees at most the rate (ticks in the window plus one full bucket), and the 1 % absorbs requests that
    // network jitter moves into the next second at Klarna, which is where the limit is counted.
    private static TokenBucketRateLimiter Create(int requestsPerSecond)
    {
        var perTick = Math.Max(1, requestsPerSecond / 100);
        var effective = Math.Max(1, requestsPerSecond * 99 / 100 - perTick);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = perTick,
            TokensPerPeriod = perTick,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerSecond * perTick / effective),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }
}
