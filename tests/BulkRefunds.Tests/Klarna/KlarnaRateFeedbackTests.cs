using System.Net;
using BulkRefunds.Klarna;

namespace BulkRefunds.Tests.Klarna;

/// <summary>How long Klarna's rate feedback pauses the account for every worker.</summary>
public sealed class KlarnaRateFeedbackTests
{
    private static readonly DateTimeOffset QuarterPast = new(2026, 11, 30, 12, 0, 0, 250, TimeSpan.Zero);

    [Fact]
    public void PauseFor_LastRequestOfTheWindow_PausesOnlyUntilTheSecondEndsNotForTheRoundedUpReset()
    {
        using var response = Answer(HttpStatusCode.OK, ("X-Ratelimit-Remaining", "0"), ("X-Ratelimit-Reset", "1"));

        Assert.Equal(TimeSpan.FromMilliseconds(750), KlarnaRateFeedback.PauseFor(response, QuarterPast));
    }

    [Fact]
    public void PauseFor_LastRequestOfTheWindowWithAResetOfZero_DoesNotPause()
    {
        using var response = Answer(HttpStatusCode.OK, ("X-Ratelimit-Remaining", "0"), ("X-Ratelimit-Reset", "0"));

        Assert.Equal(TimeSpan.Zero, KlarnaRateFeedback.PauseFor(response, QuarterPast));
    }

    [Fact]
    public void PauseFor_RequestsLeftInTheWindow_DoesNotPause()
    {
        using var response = Answer(HttpStatusCode.OK, ("X-Ratelimit-Remaining", "3"), ("X-Ratelimit-Reset", "1"));

        Assert.Null(KlarnaRateFeedback.PauseFor(response, QuarterPast));
    }

    [Fact]
    public void PauseFor_429WithRetryAfter_PausesForAllOfIt()
    {
        using var response = Answer(HttpStatusCode.TooManyRequests, ("Retry-After", "4"), ("X-Ratelimit-Remaining", "0"), ("X-Ratelimit-Reset", "1"));

        Assert.Equal(TimeSpan.FromSeconds(4), KlarnaRateFeedback.PauseFor(response, QuarterPast));
    }

    [Fact]
    public void PauseFor_429WithoutAnyReset_PausesForOneWindow()
    {
        using var response = Answer(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(1), KlarnaRateFeedback.PauseFor(response, QuarterPast));
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
