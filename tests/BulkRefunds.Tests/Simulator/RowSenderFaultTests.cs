using System.Diagnostics;
using BulkRefunds.Dispatch;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Klarna;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Tests.SimulatorFaults;

/// <summary>The dispatcher's retry loop (one row, real client) against injected faults; no database is involved.</summary>
public sealed class RowSenderFaultTests
{
    [Fact]
    public async Task SendAsync_RateLimitedFor2Seconds_WaitsAtLeastTheAdvertisedTimeThenSucceeds()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(FaultKind.RateLimited) { RetryAfterSeconds = 2 });
        var sender = CreateSender(sim);
        var stopwatch = Stopwatch.StartNew();

        var outcome = await sender.SendAsync(Row(Guid.NewGuid()), CancellationToken.None);

        stopwatch.Stop();
        Assert.Equal(RowState.Succeeded, outcome.State);
        Assert.Equal(["retryable", "succeeded"], outcome.Attempts.Select(attempt => attempt.Outcome));
        Assert.Equal(429, outcome.Attempts[0].HttpStatus);
        Assert.True(outcome.Attempts[1].AttemptedAt - outcome.Attempts[0].AttemptedAt >= TimeSpan.FromSeconds(2),
            $"The retry came {outcome.Attempts[1].AttemptedAt - outcome.Attempts[0].AttemptedAt} after the 429 that asked for 2 s.");
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromSeconds(2), $"The row took only {stopwatch.Elapsed}.");
        Assert.Single(sim.Ledger);
    }

    [Fact]
    public async Task SendAsync_LostResponse_ResendsTheSameKeyAndRecordsTheOneAppliedRefund()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(FaultKind.LostResponse));
        var key = Guid.NewGuid();

        var outcome = await CreateSender(sim).SendAsync(Row(key), CancellationToken.None);

        var entry = Assert.Single(sim.Ledger);
        Assert.Equal(RowState.Succeeded, outcome.State);
        Assert.Equal(["in_doubt", "succeeded"], outcome.Attempts.Select(attempt => attempt.Outcome));
        Assert.Equal(entry.RefundId, outcome.RefundId);
        Assert.Equal(key.ToString("D"), entry.IdempotencyKey);
    }

    private static RowSender CreateSender(FaultSimulator sim) => new(
        KlarnaTestAccounts.Create(sim.Server.BaseAddress),
        new InDoubtReconciler(TimeProvider.System),
        Options.Create(new DispatchOptions { MaxAttempts = 3, FirstRetryDelayMilliseconds = 50, MaxRetryDelaySeconds = 5 }),
        TimeProvider.System,
        KlarnaTestAccounts.Telemetry);

    private static ClaimedRow Row(Guid key) => new(
        RowId: 1, LineNumber: 2, Account: KlarnaTestAccounts.Account, Action: BulkRefunds.Manifests.ManifestAction.Refund, OrderId: FaultSimulator.CapturedOrder,
        Currency: "EUR", AmountMinor: 100, Reference: null, Description: null, IdempotencyKey: key,
        RequestBody: KlarnaTestAccounts.RefundJson(100), Attempts: 0, FirstAttemptAt: null, GroupLine: null, ReturnFeeMinor: null, FirstClaim: true);
}
