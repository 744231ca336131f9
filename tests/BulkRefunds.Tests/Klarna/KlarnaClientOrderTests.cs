using System.Text.Json;
using BulkRefunds.Klarna;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Klarna;

/// <summary>GET order and GET refund against the simulator, and the recorded order bodies read with our own types.</summary>
public sealed class KlarnaClientOrderTests
{
    private const string CapturedOrder = "7719051f-0b8c-5afc-a864-0c56fe04ef32"; // seed: CAPTURED, 9500 EUR, DE

    [Fact]
    public async Task GetOrderAsync_AfterARefund_ShowsAmountsCapturesAndTheRefundWithItsReference()
    {
        await using var simulator = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(simulator.BaseAddress);
        var client = accounts.Get(KlarnaTestAccounts.Account);
        var refund = Assert.IsType<KlarnaSuccess>(await client.CreateRefundAsync(CapturedOrder, KlarnaTestAccounts.RefundJson(2500, "RMA-7 BR-x-L2"), Guid.NewGuid(), default));

        var found = Assert.IsType<KlarnaOrderFound>(await client.GetOrderAsync(CapturedOrder, default));

        var order = found.Order;
        Assert.Equal((CapturedOrder, "CAPTURED", "EUR", "DE"), (order.OrderId, order.Status, order.PurchaseCurrency, order.PurchaseCountry));
        Assert.Equal((9500L, 9500L, 2500L, 0L), (order.OrderAmount, order.CapturedAmount, order.RefundedAmount, order.RemainingAuthorizedAmount));
        Assert.Equal(9500, Assert.Single(order.Captures!).CapturedAmount); // no order lines: the refund is not allocated to it
        var listed = Assert.Single(order.Refunds!);
        Assert.Equal((refund.RefundId, 2500L, "RMA-7 BR-x-L2"), (listed.RefundId, listed.RefundedAmount, listed.Reference));
        Assert.True(Guid.TryParse(found.CorrelationId, out _));
    }

    [Fact]
    public async Task GetRefundAsync_KnownAndUnknownRefund_FoundOrFinal404()
    {
        await using var simulator = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(simulator.BaseAddress);
        var client = accounts.Get(KlarnaTestAccounts.Account);
        var refund = Assert.IsType<KlarnaSuccess>(await client.CreateRefundAsync(CapturedOrder, KlarnaTestAccounts.RefundJson(100), Guid.NewGuid(), default));

        var known = await client.GetRefundAsync(CapturedOrder, refund.RefundId!, default);
        var unknown = await client.GetRefundAsync(CapturedOrder, Guid.NewGuid().ToString(), default);

        Assert.Equal(100, Assert.IsType<KlarnaRefundFound>(known).Refund.RefundedAmount);
        var failure = Assert.IsType<KlarnaFailure>(unknown);
        Assert.Equal((FailureClass.Final, 404, "NOT_FOUND"), (failure.Class, failure.HttpStatus, failure.Error.ErrorCode));
    }

    [Fact]
    public async Task GetOrderAsync_UnknownOrder_IsFinalNoSuchOrder()
    {
        await using var simulator = await Simulator.StartAsync();
        using var accounts = KlarnaTestAccounts.Create(simulator.BaseAddress);

        var outcome = await accounts.Get(KlarnaTestAccounts.Account).GetOrderAsync(Guid.NewGuid().ToString(), default);

        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal((FailureClass.Final, 404, "NO_SUCH_ORDER"), (failure.Class, failure.HttpStatus, failure.Error.ErrorCode));
    }

    [Fact]
    public async Task GetOrderAsync_ServerDropsTheConnection_IsRetryableNotInDoubt()
    {
        await using var server = new SilentTcpServer(SilentMode.Close);
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress);

        var outcome = await accounts.Get(KlarnaTestAccounts.Account).GetOrderAsync("any", default);

        Assert.Equal(FailureClass.Retryable, Assert.IsType<KlarnaFailure>(outcome).Class);
    }

    [Theory]
    [InlineData("order-get.klarna-docs-PL-captured.json", "CAPTURED", "PLN", 200, 200, 0, 1, 0)]
    [InlineData("order-get.kco_rest_dotnet-testdata.json", "AUTHORIZED", "usd", 0, 0, 0, 1, 1)]
    public void KlarnaJson_RecordedOrderBodies_ReadIntoOurOrderType(
        string file, string status, string currency, long captured, long orderAmount, long refunded, int captures, int refunds)
    {
        var order = JsonSerializer.Deserialize<KlarnaOrder>(KlarnaSamples.Read(file), KlarnaJson.Options)!;

        Assert.Equal((status, currency), (order.Status, order.PurchaseCurrency));
        Assert.Equal((captured, orderAmount, refunded), (order.CapturedAmount, order.OrderAmount, order.RefundedAmount));
        Assert.Equal((captures, refunds), (order.Captures!.Count, order.Refunds!.Count));
    }
}
