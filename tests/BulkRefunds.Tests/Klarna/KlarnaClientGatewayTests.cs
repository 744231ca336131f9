using BulkRefunds.Klarna;

namespace BulkRefunds.Tests.Klarna;

/// <summary>Answers that only Klarna's gateway gives (rate limiting, outages, HTML pages), from a scripted server.</summary>
public sealed class KlarnaClientGatewayTests
{
    private const string OrderId = "7719051f-0b8c-5afc-a864-0c56fe04ef32";

    [Fact]
    public async Task CreateRefundAsync_429WithRetryAfter_ReturnsRetryableWithThatDelay()
    {
        const string body = """{"error_code":"TOO_MANY_REQUESTS","error_messages":["Too many requests"],"correlation_id":"6f1d4c5e-2b0a-4c7e-9d3f-1a2b3c4d5e6f"}""";
        await using var server = await FakeKlarnaServer.StartAsync(FakeKlarnaServer.Answer(429, "application/json", body, ("Retry-After", "2")));

        var failure = await RefundAsync(server);

        Assert.Equal(FailureClass.Retryable, failure.Class);
        Assert.Equal(429, failure.HttpStatus);
        Assert.Equal(TimeSpan.FromSeconds(2), failure.RetryAfter);
        Assert.Equal("TOO_MANY_REQUESTS", failure.Error.ErrorCode);
        Assert.Equal("6f1d4c5e-2b0a-4c7e-9d3f-1a2b3c4d5e6f", failure.Error.CorrelationId);
    }

    [Fact]
    public async Task CreateRefundAsync_429WithOnlyRateLimitReset_ReturnsRetryableAfterTheReset()
    {
        await using var server = await FakeKlarnaServer.StartAsync(FakeKlarnaServer.Answer(429, headers: [("X-Ratelimit-Reset", "3"), ("X-Ratelimit-Remaining", "0")]));

        var failure = await RefundAsync(server);

        Assert.Equal(FailureClass.Retryable, failure.Class);
        Assert.Equal(429, failure.HttpStatus);
        Assert.Equal(TimeSpan.FromSeconds(3), failure.RetryAfter);
        Assert.Equal("TOO_MANY_REQUESTS", failure.Error.ErrorCode);
    }

    [Theory]
    [InlineData(409, "CONFLICT", FailureClass.Retryable)]
    [InlineData(500, "TEMPORARILY_UNAVAILABLE", FailureClass.InDoubt)]
    [InlineData(503, "TEMPORARILY_UNAVAILABLE", FailureClass.InDoubt)]
    [InlineData(504, "TEMPORARILY_UNAVAILABLE", FailureClass.InDoubt)]
    public async Task CreateRefundAsync_StatusWithoutBody_Returns409RetryableAnd5xxInDoubt(int status, string expectedCode, FailureClass expectedClass)
    {
        await using var server = await FakeKlarnaServer.StartAsync(FakeKlarnaServer.Answer(status, headers: ("Klarna-Correlation-Id", "c0c0c0c0-0000-4000-8000-000000000001")));

        var failure = await RefundAsync(server);

        // A 5xx does not say the refund was not applied (a gateway may have lost Klarna's 201); a 409 is an in-flight twin.
        Assert.Equal(expectedClass, failure.Class);
        Assert.Equal(status, failure.HttpStatus);
        Assert.Equal(expectedCode, failure.Error.ErrorCode);
        Assert.Equal("c0c0c0c0-0000-4000-8000-000000000001", failure.Error.CorrelationId);
        Assert.Null(failure.RetryAfter);
    }

    [Fact]
    public async Task CreateRefundAsync_502WithHtmlPage_ReturnsInDoubtWithShortSummaryNamingTheTitle()
    {
        var page = "<html>\r\n<head><title>502 Bad Gateway</title><script>" + new string('x', 5000) + "</script></head>\r\n"
            + "<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>openresty</center>\r\n</body>\r\n</html>\r\n";
        await using var server = await FakeKlarnaServer.StartAsync(FakeKlarnaServer.Answer(502, "text/html", page));

        var failure = await RefundAsync(server);

        Assert.Equal(FailureClass.InDoubt, failure.Class);
        Assert.Equal(502, failure.HttpStatus);
        Assert.Equal("TEMPORARILY_UNAVAILABLE", failure.Error.ErrorCode);
        var message = Assert.Single(failure.Error.ErrorMessages);
        Assert.Contains("502 Bad Gateway", message, StringComparison.Ordinal);
        Assert.DoesNotContain("<", message, StringComparison.Ordinal);
        Assert.DoesNotContain("xxxx", message, StringComparison.Ordinal);
        Assert.True(message.Length <= 200, $"The summary is {message.Length} characters long: '{message}'.");
    }

    [Theory]
    [InlineData(503, "application/json", """{"error_code":"TEMPORARILY_UNAVAILABLE","error_messages":["Temporarily unavailable"]}""")]
    [InlineData(504, "text/html", "<html><head><title>504 Gateway Time-out</title></head></html>")]
    public async Task GetOrderAsync_5xx_ReturnsRetryableBecauseAGetAppliesNothing(int status, string mediaType, string body)
    {
        await using var server = await FakeKlarnaServer.StartAsync(FakeKlarnaServer.Answer(status, mediaType, body));
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress);

        var outcome = await accounts.Get(KlarnaTestAccounts.Account).GetOrderAsync(OrderId, CancellationToken.None);

        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal((FailureClass.Retryable, status, "TEMPORARILY_UNAVAILABLE"), (failure.Class, failure.HttpStatus, failure.Error.ErrorCode));
    }

    [Fact]
    public async Task CreateRefundAsync_422WithKlarnaError_ReturnsFinalWithAllMessages()
    {
        const string body = """{"error_code":"UNPROCESSABLE_ENTITY","error_messages":["The size of reference value must be between 0 and 255","refunded_amount is required"],"correlation_id":"a1a1a1a1-0000-4000-8000-000000000002"}""";
        await using var server = await FakeKlarnaServer.StartAsync(FakeKlarnaServer.Answer(422, "application/json;charset=UTF-8", body));

        var failure = await RefundAsync(server);

        Assert.Equal(FailureClass.Final, failure.Class);
        Assert.Equal(422, failure.HttpStatus);
        Assert.Equal("UNPROCESSABLE_ENTITY", failure.Error.ErrorCode);
        Assert.Equal(new[] { "The size of reference value must be between 0 and 255", "refunded_amount is required" }, failure.Error.ErrorMessages);
        Assert.Equal("a1a1a1a1-0000-4000-8000-000000000002", failure.Error.CorrelationId);
    }

    private static async Task<KlarnaFailure> RefundAsync(FakeKlarnaServer server)
    {
        using var accounts = KlarnaTestAccounts.Create(server.BaseAddress);
        var outcome = await accounts.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync(OrderId, KlarnaTestAccounts.RefundJson(100), Guid.NewGuid(), CancellationToken.None);
        Assert.Single(server.Requests);
        return Assert.IsType<KlarnaFailure>(outcome);
    }
}
