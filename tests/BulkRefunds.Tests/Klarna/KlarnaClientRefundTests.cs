using BulkRefunds.Klarna;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Klarna;

/// <summary>CreateRefundAsync against the simulator, whose ledger is Klarna's side of the truth.</summary>
public sealed class KlarnaClientRefundTests : IAsyncLifetime
{
    private const string CapturedOrder = "7719051f-0b8c-5afc-a864-0c56fe04ef32"; // seed: CAPTURED, 9500 EUR

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
    public async Task CreateRefundAsync_CapturedOrder_ReturnsSuccessMatchingTheLedger()
    {
        var key = Guid.NewGuid();
        var json = KlarnaTestAccounts.RefundJson(2500, "RMA-1", "Returned shoes");

        var outcome = await accounts.Get(KlarnaTestAccounts.Account).CreateRefundAsync(CapturedOrder, json, key, CancellationToken.None);

        var success = Assert.IsType<KlarnaSuccess>(outcome);
        var entry = Assert.Single(await sim.LedgerAsync());
        Assert.Equal(201, success.HttpStatus);
        Assert.Equal(entry.RefundId, success.RefundId);
        Assert.True(Uri.TryCreate(success.Location, UriKind.Absolute, out var location), $"Location '{success.Location}' is not absolute.");
        Assert.Equal(new Uri(sim.BaseAddress, $"ordermanagement/v1/orders/{CapturedOrder}/refunds/{entry.RefundId}"), location);
        Assert.True(Guid.TryParse(success.CorrelationId, out _), $"Correlation id '{success.CorrelationId}' is not a GUID.");
        Assert.Equal("refund", entry.Kind);
        Assert.Equal(CapturedOrder, entry.OrderId);
        Assert.Equal(key.ToString("D"), entry.IdempotencyKey);
        Assert.Equal(2500, entry.RefundedAmount);
        Assert.Equal("RMA-1", entry.Reference);
    }

    // Klarna matches on the key alone and ignores the body, so a key must never be reused with a new body:
    // the second "refund" below is silently the first one again.
    [Fact]
    public async Task CreateRefundAsync_SameKeyWithDifferentBody_ReplaysFirstRefundAndAppliesOnce()
    {
        var client = accounts.Get(KlarnaTestAccounts.Account);
        var key = Guid.NewGuid();
        var first = await client.CreateRefundAsync(CapturedOrder, KlarnaTestAccounts.RefundJson(2500, "first"), key, CancellationToken.None);

        var second = await client.CreateRefundAsync(CapturedOrder, KlarnaTestAccounts.RefundJson(7000, "second"), key, CancellationToken.None);

        var firstSuccess = Assert.IsType<KlarnaSuccess>(first);
        var secondSuccess = Assert.IsType<KlarnaSuccess>(second);
        Assert.NotNull(firstSuccess.RefundId);
        Assert.Equal(firstSuccess.RefundId, secondSuccess.RefundId);
        Assert.Equal(firstSuccess.Location, secondSuccess.Location);
        var entry = Assert.Single(await sim.LedgerAsync());
        Assert.Equal(2500, entry.RefundedAmount);
        Assert.Equal("first", entry.Reference);
    }

    [Fact]
    public async Task CreateRefundAsync_NewKeyForSameBody_AppliesASecondRefund()
    {
        var client = accounts.Get(KlarnaTestAccounts.Account);
        var json = KlarnaTestAccounts.RefundJson(1000);
        var first = await client.CreateRefundAsync(CapturedOrder, json, Guid.NewGuid(), CancellationToken.None);

        var second = await client.CreateRefundAsync(CapturedOrder, json, Guid.NewGuid(), CancellationToken.None);

        Assert.NotEqual(Assert.IsType<KlarnaSuccess>(first).RefundId, Assert.IsType<KlarnaSuccess>(second).RefundId);
        Assert.Equal(2, (await sim.LedgerAsync()).Count);
    }
}
