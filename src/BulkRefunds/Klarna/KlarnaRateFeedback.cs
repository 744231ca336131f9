using System.Globalization;
using System.Net;

namespace BulkRefunds.Klarna;

/// <summary>
/// Klarna's word on the merchant's limit, which every worker must honour (<see cref="RateBudget.PauseAsync"/>): a 429, or
/// an answer that says nothing is left in this window (X-Ratelimit-Remaining: 0), pauses the account until the reset.
/// </summary>
internal static class KlarnaRateFeedback
{
    // Klarna's windows are a second long (X-Ratelimit-Limit: 200, 200;w=1): the reset when it does not say.
    private static readonly TimeSpan DefaultReset = TimeSpan.FromSeconds(1);

    public static TimeSpan? PauseFor(HttpResponseMessage response)
    {
        var exhausted = response.StatusCode == HttpStatusCode.TooManyRequests
            || (response.Headers.TryGetValues("X-Ratelimit-Remaining", out var remaining)
                && long.TryParse(remaining.FirstOrDefault(), CultureInfo.InvariantCulture, out var left) && left <= 0);
        return exhausted ? KlarnaResponseDecoder.RetryAfter(response) ?? DefaultReset : null;
    }
}
