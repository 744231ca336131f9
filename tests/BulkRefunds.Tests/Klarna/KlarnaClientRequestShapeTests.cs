using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using BulkRefunds.Klarna;

namespace BulkRefunds.Tests.Klarna;

/// <summary>What goes on the wire: path, headers and JSON body, as a capturing server received them.</summary>
public sealed class KlarnaClientRequestShapeTests
{
    private const string User = "K123456_abcd12345";
    private const string Secret = "s3cr:et";
    private const string RefundId = "2aca2466-c064-4331-a8f1-ee793413dfbf";

    [Fact]
    public async Task CreateRefundAsync_Refund_PostsSnakeCaseBodyWithKeyAuthAndUserAgent()
    {
        await using var server = await StartRefundServerAsync(("Refund-Id", RefundId), ("Location", "https://api.klarna.com/ordermanagement/v1/orders/o-1/refunds/" + RefundId));
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress, User, Secret);
        var key = Guid.NewGuid();

        var outcome = await accounts.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync("o-1", KlarnaTestAccounts.RefundJson(9500, "R", "D"), key, CancellationToken.None);

        Assert.Equal(RefundId, Assert.IsType<KlarnaSuccess>(outcome).RefundId);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/ordermanagement/v1/orders/o-1/refunds", request.RawTarget);
        Assert.Equal(key.ToString("D"), request.Header("Klarna-Idempotency-Key"));
        Assert.Equal("application/json", MediaTypeHeaderValue.Parse(request.Header("Content-Type") ?? "").MediaType);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(User + ":" + Secret)), request.Header("Authorization"));
        var userAgent = request.Header("User-Agent") ?? "";
        Assert.StartsWith("Library/BulkRefunds_", userAgent, StringComparison.Ordinal);
        Assert.Contains("Language/.NET_", userAgent, StringComparison.Ordinal);
        Assert.Equal("""{"refunded_amount":9500,"reference":"R","description":"D"}""", request.Body);
    }

    [Fact]
    public void Serialize_RefundWithoutReferenceOrDescription_OmitsNulls()
    {
        var request = new RefundRequest(500, null, null);

        var json = KlarnaJson.Serialize(request);

        Assert.Equal("""{"refunded_amount":500}""", json);
    }

    [Theory]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("x?y=1", "x%3Fy%3D1")]
    [InlineData("a b#c", "a%20b%23c")]
    [InlineData("100%", "100%25")]
    public async Task CreateRefundAsync_OrderIdWithReservedCharacters_EscapesThePathSegment(string orderId, string escaped)
    {
        await using var server = await StartRefundServerAsync(("Refund-Id", RefundId));
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress, User, Secret);

        await accounts.Get(KlarnaTestAccounts.Account).CreateRefundAsync(orderId, KlarnaTestAccounts.RefundJson(1), Guid.NewGuid(), CancellationToken.None);

        Assert.Equal($"/ordermanagement/v1/orders/{escaped}/refunds", Assert.Single(server.Requests).RawTarget);
    }

    // Uri.EscapeDataString leaves '.' alone and System.Uri removes dot segments (even %2E%2E), so "." or ".."
    // as an order id would be posted to /ordermanagement/v1/orders/refunds or /ordermanagement/v1/refunds.
    // Correct: the request goes to that order's own path, or it is not sent at all.
    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    public async Task CreateRefundAsync_DotSegmentOrderId_NeverPostsOutsideThatOrdersPath(string orderId)
    {
        await using var server = await StartRefundServerAsync(("Refund-Id", RefundId));
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress, User, Secret);

        await accounts.Get(KlarnaTestAccounts.Account).CreateRefundAsync(orderId, KlarnaTestAccounts.RefundJson(1), Guid.NewGuid(), CancellationToken.None);

        Assert.All(server.Requests, request => Assert.True(
            Regex.IsMatch(request.RawTarget, "^/ordermanagement/v1/orders/[^/]+/refunds$"), $"Order id '{orderId}' was posted to '{request.RawTarget}'."));
    }

    [Fact]
    public async Task CreateRefundAsync_BaseUrlWithPathAndNoTrailingSlash_KeepsTheBasePath()
    {
        await using var server = await StartRefundServerAsync(("Refund-Id", RefundId));
        using var accounts = KlarnaTestAccounts.Create(new Uri(server.BaseAddress, "klarna-proxy"), User, Secret);

        await accounts.Get(KlarnaTestAccounts.Account).CreateRefundAsync("o-1", KlarnaTestAccounts.RefundJson(1), Guid.NewGuid(), CancellationToken.None);

        Assert.Equal("/klarna-proxy/ordermanagement/v1/orders/o-1/refunds", Assert.Single(server.Requests).RawTarget);
    }

    [Fact]
    public async Task ReleaseRemainingAuthorizationAsync_Release_PostsWithoutBodyOrContentType()
    {
        await using var server = await FakeKlarnaServer.StartAsync(FakeKlarnaServer.Answer(204));
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress, User, Secret);
        var key = Guid.NewGuid();

        var outcome = await accounts.Get(KlarnaTestAccounts.Account).ReleaseRemainingAuthorizationAsync("o/2", key, CancellationToken.None);

        Assert.Equal(204, Assert.IsType<KlarnaSuccess>(outcome).HttpStatus);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/ordermanagement/v1/orders/o%2F2/release-remaining-authorization", request.RawTarget);
        Assert.Equal(key.ToString("D"), request.Header("Klarna-Idempotency-Key"));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(User + ":" + Secret)), request.Header("Authorization"));
        Assert.Null(request.Header("Content-Type"));
        Assert.Equal("", request.Body);
    }

    [Fact]
    public async Task CreateRefundAsync_201WithLocationButNoRefundId_TakesIdFromLocation()
    {
        var location = "https://api.klarna.com/ordermanagement/v1/orders/o-1/refunds/" + RefundId;
        await using var server = await StartRefundServerAsync(("Location", location), ("Klarna-Correlation-Id", "ddc4b073-0d39-4a4d-a073-9ec3f5fd3607"));
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress, User, Secret);

        var outcome = await accounts.Get(KlarnaTestAccounts.Account).CreateRefundAsync("o-1", KlarnaTestAccounts.RefundJson(1), Guid.NewGuid(), CancellationToken.None);

        var success = Assert.IsType<KlarnaSuccess>(outcome);
        Assert.Equal(201, success.HttpStatus);
        Assert.Equal(RefundId, success.RefundId);
        Assert.Equal(location, success.Location);
        Assert.Equal("ddc4b073-0d39-4a4d-a073-9ec3f5fd3607", success.CorrelationId);
    }

    // Uri.ToString() unescapes: a Location of ".../orders/a%20b/refunds/…" would be reported as ".../orders/a b/…",
    // which is no longer the URL Klarna sent.
    [Fact]
    public async Task CreateRefundAsync_201WithPercentEncodedLocation_ReportsTheLocationAsSent()
    {
        var location = "https://api.klarna.com/ordermanagement/v1/orders/a%20b%C3%A9/refunds/" + RefundId;
        await using var server = await StartRefundServerAsync(("Refund-Id", RefundId), ("Location", location));
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress, User, Secret);

        var outcome = await accounts.Get(KlarnaTestAccounts.Account).CreateRefundAsync("a bé", KlarnaTestAccounts.RefundJson(1), Guid.NewGuid(), CancellationToken.None);

        Assert.Equal(location, Assert.IsType<KlarnaSuccess>(outcome).Location);
    }

    private static Task<FakeKlarnaServer> StartRefundServerAsync(params (string Name, string Value)[] headers) =>
        FakeKlarnaServer.StartAsync(FakeKlarnaServer.Answer(201, headers: headers));
}
