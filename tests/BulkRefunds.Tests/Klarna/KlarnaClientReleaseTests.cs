using BulkRefunds.Klarna;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Klarna;

/// <summary>ReleaseRemainingAuthorizationAsync against the simulator.</summary>
public sealed class KlarnaClientReleaseTests : IAsyncLifetime
{
    private const string PartCapturedOrder = "0b0b0b0b-0000-4000-8000-000000000001"; // seed: 6000 of 10000 captured
    private const string FullyCapturedOrder = "7719051f-0b8c-5afc-a864-0c56fe04ef32";

    private Simulator sim = null!;
    private KlarnaAccounts accounts = null!;

    public async Task InitializeAsync()
    {
        sim = await Simulator.StartAsync();
        accounts = KlarnaTestAccounts.Create(sim.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        accounts.Dispose();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task ReleaseRemainingAuthorizationAsync_PartCapturedThenNewKey_SucceedsOnceThenFinal403()
    {
        var client = accounts.Get(KlarnaTestAccounts.Account);
        var firstKey = Guid.NewGuid();

        var first = await client.ReleaseRemainingAuthorizationAsync(PartCapturedOrder, firstKey, CancellationToken.None);
        var second = await client.ReleaseRemainingAuthorizationAsync(PartCapturedOrder, Guid.NewGuid(), CancellationToken.None);

        var success = Assert.IsType<KlarnaSuccess>(first);
        Assert.Equal(204, success.HttpStatus);
        Assert.Null(success.RefundId);
        var failure = Assert.IsType<KlarnaFailure>(second);
        Assert.Equal(FailureClass.Final, failure.Class);
        Assert.Equal(403, failure.HttpStatus);
        Assert.Equal("NOT_ALLOWED", failure.Error.ErrorCode);
        Assert.True(Guid.TryParse(failure.Error.CorrelationId, out _), $"Correlation id '{failure.Error.CorrelationId}' is not a GUID.");
        var entry = Assert.Single(await sim.LedgerAsync());
        Assert.Equal("release", entry.Kind);
        Assert.Equal(PartCapturedOrder, entry.OrderId);
        Assert.Equal(firstKey.ToString("D"), entry.IdempotencyKey);
    }

    [Fact]
    public async Task ReleaseRemainingAuthorizationAsync_SameKeyTwice_ReplaysSuccessAndReleasesOnce()
    {
        var client = accounts.Get(KlarnaTestAccounts.Account);
        var key = Guid.NewGuid();
        var first = await client.ReleaseRemainingAuthorizationAsync(PartCapturedOrder, key, CancellationToken.None);

        var replay = await client.ReleaseRemainingAuthorizationAsync(PartCapturedOrder, key, CancellationToken.None);

        Assert.Equal(204, Assert.IsType<KlarnaSuccess>(first).HttpStatus);
        Assert.Equal(204, Assert.IsType<KlarnaSuccess>(replay).HttpStatus);
        Assert.Single(await sim.LedgerAsync());
    }

    [Fact]
    public async Task ReleaseRemainingAuthorizationAsync_FullyCapturedOrder_ReturnsFinal403NotAllowed()
    {
        var outcome = await accounts.Get(KlarnaTestAccounts.Account)
            .ReleaseRemainingAuthorizationAsync(FullyCapturedOrder, Guid.NewGuid(), CancellationToken.None);

        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.Final, failure.Class);
        Assert.Equal(403, failure.HttpStatus);
        Assert.Equal("NOT_ALLOWED", failure.Error.ErrorCode);
        Assert.Empty(await sim.LedgerAsync());
    }
}
