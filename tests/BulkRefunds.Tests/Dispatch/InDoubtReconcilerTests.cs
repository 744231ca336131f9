using BulkRefunds.Dispatch;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Klarna;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>Past Klarna's 24 h idempotency window a row is settled through GET order, never resent blindly under its old key.</summary>
public sealed class InDoubtReconcilerTests
{
    private const string Order = "7719051f-0b8c-5afc-a864-0c56fe04ef32"; // seed: CAPTURED 9500 EUR
    private const string Reference = "RMA-1 BR-0123456789ab-L2";

    [Fact]
    public async Task SendAsync_PastTheWindowAndTheRefundExists_SucceedsWithThatRefundAndSendsNothing()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
        await using var simulator = await Simulator.StartAsync(clock);
        using var accounts = KlarnaTestAccounts.Create(simulator.BaseAddress);
        var applied = Assert.IsType<KlarnaSuccess>(await accounts.Get("default").CreateRefundAsync(Order, Body(), Guid.NewGuid(), default));
        clock.Advance(TimeSpan.FromHours(21));

        var outcome = await Sender(accounts, clock).SendAsync(InDoubtRow(clock, hoursAgo: 21), default);

        Assert.Equal((RowState.Succeeded, applied.RefundId), (outcome.State, outcome.RefundId));
        Assert.Single(await simulator.LedgerAsync());
    }

    [Fact]
    public async Task SendAsync_PastTheWindowAndNoSuchRefund_StagesTheRowUnderANewKeyAndSendsNothing()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
        await using var simulator = await Simulator.StartAsync(clock);
        using var accounts = KlarnaTestAccounts.Create(simulator.BaseAddress);
        var row = InDoubtRow(clock, hoursAgo: 21);

        var outcome = await Sender(accounts, clock).SendAsync(row, default);

        Assert.Equal((RowState.Staged, IdempotencyKeys.Next(row.IdempotencyKey)), (outcome.State, outcome.NewIdempotencyKey));
        Assert.NotEqual(row.IdempotencyKey, outcome.NewIdempotencyKey);
        Assert.Empty(await simulator.LedgerAsync());
    }

    [Fact]
    public async Task SendAsync_PastTheWindowAndTheOrderCannotBeRead_NeedsReviewAndSendsNothing()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
        await using var simulator = await Simulator.StartAsync(clock);
        using var accounts = KlarnaTestAccounts.Create(simulator.BaseAddress);
        var row = InDoubtRow(clock, hoursAgo: 21) with { OrderId = "no-such-order" };

        var outcome = await Sender(accounts, clock).SendAsync(row, default);

        Assert.Equal((RowState.NeedsReview, "NEEDS_REVIEW", (Guid?)null), (outcome.State, outcome.ErrorCode, outcome.NewIdempotencyKey));
        Assert.Contains("24 h idempotency window", outcome.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(await simulator.LedgerAsync());
    }

    [Fact]
    public async Task SendAsync_InDoubtWithinTheWindow_IsResentWithItsKey()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 2, 0, 0, TimeSpan.Zero));
        await using var simulator = await Simulator.StartAsync(clock);
        using var accounts = KlarnaTestAccounts.Create(simulator.BaseAddress);
        var row = InDoubtRow(clock, hoursAgo: 19);

        var outcome = await Sender(accounts, clock).SendAsync(row, default);

        Assert.Equal(RowState.Succeeded, outcome.State);
        Assert.Equal(row.IdempotencyKey.ToString("D"), Assert.Single(await simulator.LedgerAsync()).IdempotencyKey);
    }

    private static RowSender Sender(KlarnaAccounts accounts, TimeProvider clock) =>
        new(accounts, new InDoubtReconciler(clock), Options.Create(new DispatchOptions()), clock, KlarnaTestAccounts.Telemetry);

    // A row re-claimed after its worker died: it may have been sent, first claimed `hoursAgo` hours before now.
    private static ClaimedRow InDoubtRow(TimeProvider clock, int hoursAgo) => new(1, 2, "default", BulkRefunds.Manifests.ManifestAction.Refund, Order, "EUR", 9500, "RMA-1", null,
        Guid.NewGuid(), Body(), 0, clock.GetUtcNow().AddHours(-hoursAgo).UtcDateTime, null, null, FirstClaim: false);

    private static string Body() => KlarnaJson.Serialize(new RefundRequest(9500, Reference, null));
}
