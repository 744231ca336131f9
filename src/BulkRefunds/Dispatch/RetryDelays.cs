namespace BulkRefunds.Dispatch;

/// <summary>Exponential backoff with jitter; Klarna's Retry-After / X-Ratelimit-Reset wins when it says more.</summary>
public static class RetryDelays
{
    public static TimeSpan For(int attempt, TimeSpan? retryAfter, DispatchOptions settings)
    {
        var exponential = TimeSpan.FromMilliseconds(settings.FirstRetryDelayMilliseconds * (1L << Math.Min(attempt - 1, 16)));
        var capped = TimeSpan.FromTicks(Math.Min(exponential.Ticks, TimeSpan.FromSeconds(settings.MaxRetryDelaySeconds).Ticks));
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, capped.Ticks / TimeSpan.TicksPerMillisecond / 5)));
        var delay = capped + jitter;
        return retryAfter is { } advised && advised + jitter > delay ? advised + jitter : delay;
    }
}
