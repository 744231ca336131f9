using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BulkRefunds.Klarna;

namespace BulkRefunds.Tests.Klarna;

/// <summary>
/// Failures below HTTP: a request that never left is Retryable; one that was sent and got no answer is InDoubt,
/// because Klarna may have applied it.
/// </summary>
public sealed class KlarnaClientTransportTests
{
    private const string OrderId = "7719051f-0b8c-5afc-a864-0c56fe04ef32";

    [Fact]
    public async Task CreateRefundAsync_ConnectionRefused_ReturnsRetryable()
    {
        using var accounts = KlarnaTestAccounts.Create(ClosedLoopbackPort());

        var outcome = await accounts.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync(OrderId, KlarnaTestAccounts.RefundJson(100), Guid.NewGuid(), CancellationToken.None);

        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.Retryable, failure.Class);
        Assert.Null(failure.HttpStatus);
        Assert.Equal("CONNECTION_FAILED", failure.Error.ErrorCode);
    }

    [Theory]
    [InlineData(SilentMode.Close)]
    [InlineData(SilentMode.Reset)]
    public async Task CreateRefundAsync_ConnectionDroppedAfterRequest_ReturnsInDoubt(SilentMode mode)
    {
        await using var server = new SilentTcpServer(mode);
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress);
        var key = Guid.NewGuid();

        var outcome = await accounts.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync(OrderId, KlarnaTestAccounts.RefundJson(100), key, CancellationToken.None);

        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.InDoubt, failure.Class);
        Assert.Null(failure.HttpStatus);
        Assert.Equal("NO_RESPONSE", failure.Error.ErrorCode);
        var request = Assert.Single(server.Requests);
        Assert.Contains(key.ToString("D"), request, StringComparison.Ordinal);
        Assert.EndsWith("{\"refunded_amount\":100}", request, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateRefundAsync_NoAnswerWithinTimeout_ReturnsInDoubtAfterTheTimeout()
    {
        await using var server = new SilentTcpServer(SilentMode.Hold);
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress, timeoutSeconds: 1);
        var stopwatch = Stopwatch.StartNew();

        var outcome = await accounts.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync(OrderId, KlarnaTestAccounts.RefundJson(100), Guid.NewGuid(), CancellationToken.None);

        stopwatch.Stop();
        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.InDoubt, failure.Class);
        Assert.Null(failure.HttpStatus);
        Assert.Equal("NO_RESPONSE", failure.Error.ErrorCode);
        Assert.Single(server.Requests);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromMilliseconds(2500));
    }

    [Fact]
    public async Task CreateRefundAsync_CallerCancels_ThrowsInsteadOfReportingAnOutcome()
    {
        await using var server = new SilentTcpServer(SilentMode.Hold);
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress, timeoutSeconds: 30);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var call = accounts.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync(OrderId, KlarnaTestAccounts.RefundJson(100), Guid.NewGuid(), cancellation.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    private static Uri ClosedLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return new UriBuilder(Uri.UriSchemeHttp, "127.0.0.1", port).Uri;
    }
}
