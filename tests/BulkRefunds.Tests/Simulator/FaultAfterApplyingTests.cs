using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Klarna;

namespace BulkRefunds.Tests.SimulatorFaults;

/// <summary>
/// Faults that act after the refund was applied: the client cannot know it happened (in doubt), and only a resend
/// with the same key is safe — it gets the stored answer, and Klarna's ledger keeps one entry.
/// </summary>
public sealed class FaultAfterApplyingTests
{
    [Theory]
    [InlineData(FaultKind.LostResponse)]
    [InlineData(FaultKind.HangAfterApply)]
    public async Task CreateRefundAsync_AnswerLostAfterApplying_ReturnsInDoubtAndSameKeyReplaysTheRefund(FaultKind kind)
    {
        await using var sim = await FaultSimulator.StartAsync(clientTimeoutSeconds: 1);
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(kind, Times: 1));
        var key = Guid.NewGuid();

        var lost = await sim.RefundAsync(key, amount: 2500);
        var applied = Assert.Single(sim.Ledger);
        var resend = await sim.RefundAsync(key, amount: 2500);

        var failure = Assert.IsType<KlarnaFailure>(lost);
        Assert.Equal(FailureClass.InDoubt, failure.Class);
        Assert.Null(failure.HttpStatus);
        Assert.Equal("NO_RESPONSE", failure.Error.ErrorCode);
        Assert.Equal(key.ToString("D"), applied.IdempotencyKey);
        Assert.Equal(2500, applied.RefundedAmount);
        var success = Assert.IsType<KlarnaSuccess>(resend);
        Assert.Equal(201, success.HttpStatus);
        Assert.Equal(applied.RefundId, success.RefundId);
        Assert.Equal(applied, Assert.Single(sim.Ledger));
    }

    [Theory]
    [InlineData(FaultKind.BadGatewayAfterApply, 502, "502 Bad Gateway")]
    [InlineData(FaultKind.GatewayTimeoutAfterApply, 504, "504 Gateway Time-out")]
    public async Task CreateRefundAsync_GatewayPageAfterApplyingOnEveryTry_AnswersTheHtmlPageEachTimeAndAppliesOnce(FaultKind kind, int status, string title)
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(kind, Times: 3) { Operation = FaultOperation.Refund });
        var key = Guid.NewGuid();
        using var request = RefundRequest(key);

        using var page = await sim.Http.SendAsync(request);
        var resends = new[] { await sim.RefundAsync(key, amount: 2500), await sim.RefundAsync(key, amount: 2500) };
        var afterwards = await sim.RefundAsync(key, amount: 2500);

        Assert.Equal((status, "text/html"), ((int)page.StatusCode, page.Content.Headers.ContentType?.MediaType));
        Assert.Contains($"<title>{title}</title>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.All(resends, resend =>
        {
            var failure = Assert.IsType<KlarnaFailure>(resend);
            Assert.Equal((FailureClass.InDoubt, status), (failure.Class, failure.HttpStatus));
            Assert.Contains(title, failure.Error.Message, StringComparison.Ordinal);
        });
        var applied = Assert.Single(sim.Ledger);
        Assert.Equal((key.ToString("D"), 2500L), (applied.IdempotencyKey, applied.RefundedAmount));
        Assert.Equal(applied.RefundId, Assert.IsType<KlarnaSuccess>(afterwards).RefundId);
    }

    // The dispatcher sends many refunds over pooled connections. SocketsHttpHandler may resend a request on its own
    // when a reused connection closes before any response byte; with the same key that would be harmless, but the
    // outcome must still be an honest one: in doubt, or the replayed success — never a second refund.
    [Fact]
    public async Task CreateRefundAsync_LostResponseOnAReusedConnection_NeverAppliesTwice()
    {
        await using var sim = await FaultSimulator.StartAsync();
        Assert.IsType<KlarnaSuccess>(await sim.RefundAsync(Guid.NewGuid(), orderId: FaultSimulator.OtherCapturedOrder));
        sim.State.Faults.Enqueue(FaultSimulator.CapturedOrder, new FaultSpec(FaultKind.LostResponse));
        var key = Guid.NewGuid();

        var outcome = await sim.RefundAsync(key);

        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.InDoubt, failure.Class);
        Assert.Single(sim.Ledger, entry => entry.IdempotencyKey == key.ToString("D"));
    }

    private static HttpRequestMessage RefundRequest(Guid key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"ordermanagement/v1/orders/{FaultSimulator.CapturedOrder}/refunds")
        {
            Content = new StringContent(KlarnaTestAccounts.RefundJson(2500), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Klarna-Idempotency-Key", key.ToString("D"));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Simulator.Username}:{Simulator.Password}")));
        return request;
    }

    [Fact]
    public async Task ReleaseRemainingAuthorizationAsync_LostResponse_ReturnsInDoubtAndSameKeyReplaysThe204()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.Enqueue(FaultSimulator.PartCapturedOrder, new FaultSpec(FaultKind.LostResponse));
        var key = Guid.NewGuid();

        var lost = await sim.Client.ReleaseRemainingAuthorizationAsync(FaultSimulator.PartCapturedOrder, key, CancellationToken.None);
        var resend = await sim.Client.ReleaseRemainingAuthorizationAsync(FaultSimulator.PartCapturedOrder, key, CancellationToken.None);

        Assert.Equal(FailureClass.InDoubt, Assert.IsType<KlarnaFailure>(lost).Class);
        Assert.Equal(204, Assert.IsType<KlarnaSuccess>(resend).HttpStatus);
        var entry = Assert.Single(sim.Ledger);
        Assert.Equal("release", entry.Kind);
        Assert.Equal(key.ToString("D"), entry.IdempotencyKey);
    }
}
