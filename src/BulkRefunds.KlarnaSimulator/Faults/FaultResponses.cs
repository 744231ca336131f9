using System.Globalization;
using BulkRefunds.KlarnaSimulator.Http;

namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>The answers of faults that act before applying, with Klarna's documented codes and messages (contract §2, §11).</summary>
internal static class FaultResponses
{
    // Klarna's production figure for "other operations" (contract §11); advertised by an injected 429 when no
    // global limit is configured, since X-Ratelimit-Limit must say something.
    private const int PublishedLimitPerSecond = 200;

    public static SimResponse InternalServerError()
        => SimResponse.Error(StatusCodes.Status500InternalServerError, "INTERNAL_SERVER_ERROR", "Unexpected server error");

    public static SimResponse TemporarilyUnavailable()
        => SimResponse.Error(StatusCodes.Status503ServiceUnavailable, "TEMPORARILY_UNAVAILABLE", "Temporarily unavailable");

    /// <param name="limit">The configured limit, or 0 to advertise Klarna's published one.</param>
    public static SimResponse TooManyRequests(int limit, int resetSeconds, bool retryAfterHeader)
    {
        var reset = resetSeconds.ToString(CultureInfo.InvariantCulture);
        IEnumerable<KeyValuePair<string, string>> retryAfter = retryAfterHeader ? [new(KlarnaHeaders.RetryAfter, reset)] : [];
        return SimResponse.Error(StatusCodes.Status429TooManyRequests, "TOO_MANY_REQUESTS", "Too many requests") with
        {
            Headers = [.. RateLimitHeaders(limit > 0 ? limit : PublishedLimitPerSecond, remaining: 0, resetSeconds), .. retryAfter],
        };
    }

    /// <summary>Klarna's shape: <c>X-Ratelimit-Limit: 40, 40;w=1</c> (limit, then limit per window of w seconds).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> RateLimitHeaders(int limit, int remaining, int resetSeconds) =>
    [
        new(KlarnaHeaders.RateLimitLimit, string.Create(CultureInfo.InvariantCulture, $"{limit}, {limit};w=1")),
        new(KlarnaHeaders.RateLimitRemaining, remaining.ToString(CultureInfo.InvariantCulture)),
        new(KlarnaHeaders.RateLimitReset, resetSeconds.ToString(CultureInfo.InvariantCulture)),
    ];
}
