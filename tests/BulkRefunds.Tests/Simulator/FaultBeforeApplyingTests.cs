using System.Diagnostics;
using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator.Faults;

namespace BulkRefunds.Tests.SimulatorFaults;

/// <summary>
/// Faults that act before anything is applied: a resend with the same key must be processed for real, because nothing
/// was stored under it. The client cannot tell a 5xx from one sent after applying, so it sees those in doubt.
/// </summary>
public sealed class FaultBeforeApplyingTests
{
    [Theory]
    [InlineData(FaultKind.Error500, 500, "INTERNAL_SERVER_ERROR")]
    [InlineData(FaultKind.Error503, 503, "TEMPORARILY_UNAVAILABLE")]
    public async Task CreateRefundAsync_ServerError_ReturnsInDoubtAndAppliesNothing(FaultKind kind, int status, string errorCode)
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(kind));
        var key = Guid.NewGuid();

        var outcome = await sim.RefundAsync(key);

        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.InDoubt, failure.Class);
        Assert.Equal(status, failure.HttpStatus);
        Assert.Equal(errorCode, failure.Error.ErrorCode);
        Assert.True(Guid.TryParse(failure.Error.CorrelationId, out _), $"Correlation id '{failure.Error.CorrelationId}' is not a GUID.");
        Assert.Null(failure.RetryAfter);
        Assert.Empty(sim.Ledger);
        await AssertResendIsProcessedAsync(sim, key);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CreateRefundAsync_RateLimited_ReturnsRetryableWithTheAdvertisedWait(bool retryAfterHeader)
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(
            FaultSimulator.CapturedOrder, new FaultSpec(FaultKind.RateLimited) { RetryAfterSeconds = 3, RetryAfterHeader = retryAfterHeader });
        var key = Guid.NewGuid();

        var outcome = await sim.RefundAsync(key);

        // Without Retry-After the client must fall back to X-Ratelimit-Reset, the one header Klarna documents.
        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.Retryable, failure.Class);
        Assert.Equal(429, failure.HttpStatus);
        Assert.Equal("TOO_MANY_REQUESTS", failure.Error.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(3), failure.RetryAfter);
        Assert.Empty(sim.Ledger);
        await AssertResendIsProcessedAsync(sim, key);
    }

    [Fact]
    public async Task CreateRefundAsync_Hang_ReturnsInDoubtAfterTheClientTimeoutAndAppliesNothing()
    {
        await using var sim = await FaultSimulator.StartAsync(clientTimeoutSeconds: 1);
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(FaultKind.Hang));
        var key = Guid.NewGuid();
        var stopwatch = Stopwatch.StartNew();

        var outcome = await sim.RefundAsync(key);

        stopwatch.Stop();
        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.InDoubt, failure.Class);
        Assert.Null(failure.HttpStatus);
        Assert.Equal("NO_RESPONSE", failure.Error.ErrorCode);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(3));
        Assert.Empty(sim.Ledger);
        await AssertResendIsProcessedAsync(sim, key);
    }

    [Fact]
    public async Task ReleaseRemainingAuthorizationAsync_Error503_ReturnsInDoubtAndReleasesNothing()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.PartCapturedOrder, new FaultSpec(FaultKind.Error503));
        var key = Guid.NewGuid();

        var first = await sim.Client.ReleaseRemainingAuthorizationAsync(FaultSimulator.PartCapturedOrder, key, CancellationToken.None);
        var resend = await sim.Client.ReleaseRemainingAuthorizationAsync(FaultSimulator.PartCapturedOrder, key, CancellationToken.None);

        Assert.Equal(FailureClass.InDoubt, Assert.IsType<KlarnaFailure>(first).Class);
        Assert.Equal(204, Assert.IsType<KlarnaSuccess>(resend).HttpStatus);
        Assert.Equal("release", Assert.Single(sim.Ledger).Kind);
    }

    private static async Task AssertResendIsProcessedAsync(FaultSimulator sim, Guid key)
    {
        var resend = await sim.RefundAsync(key);

        var success = Assert.IsType<KlarnaSuccess>(resend);
        var entry = Assert.Single(sim.Ledger);
        Assert.Equal(entry.RefundId, success.RefundId);
        Assert.Equal(key.ToString("D"), entry.IdempotencyKey);
    }
}
