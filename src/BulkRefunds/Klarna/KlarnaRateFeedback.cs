using System.Globalization;
using System.Net;

namespace BulkRefunds.Klarna;

/// <summary>
/// Klarna's word on the merchant's limit, which every worker must honour (<see cref="RateBudget.HeedAsync"/>): a 429
/// pauses the account for its Retry-After (or X-Ratelimit-Reset); an admitted answer that says nothing is left in this
/// window (X-Ratelimit-Remaining: 0) pauses it only until the window turns over.
/// </summary>
internal static class KlarnaRateFeedback
{
    // Klarna's windows are a second long (X-Ratelimit-Limit: 200, 200;w=1).
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <param name="now">This worker's wall clock, which says where the current one-second window ends.</param>
    public static TimeSpan? PauseFor(HttpResponseMessage response, DateTimeOffset now)
    {
        var reset = KlarnaResponseDecoder.RetryAfter(response);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            // A refusal: Klarna's own wait is an instruction, kept in full.
            return reset ?? Window;
        }

        if (!response.Headers.TryGetValues("X-Ratelimit-Remaining", out var remaining)
            || !long.TryParse(remaining.FirstOrDefault(), CultureInfo.InvariantCulture, out var left) || left > 0)
        {
            return null;
        }

        // This request was the window's last. X-Ratelimit-Reset is in whole seconds, rounded up ("1" for 10 ms), so the
        // end of the current second is the better bound; a clock that disagrees with Klarna's costs at most a 429, whose
        // Retry-After then pauses everyone properly.
        var endOfSecond = Window - TimeSpan.FromTicks(now.UtcTicks % TimeSpan.TicksPerSecond);
        return reset is { } advertised && advertised < endOfSecond ? advertised : endOfSecond;
    }
}
