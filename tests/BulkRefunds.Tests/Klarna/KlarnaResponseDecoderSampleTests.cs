using System.Net;
using System.Text;
using System.Text.Json;
using BulkRefunds.Klarna;

namespace BulkRefunds.Tests.Klarna;

/// <summary>Klarna's documented and recorded bodies (/work/shared/klarna/samples) decode with our own decoder and types.</summary>
public sealed class KlarnaResponseDecoderSampleTests
{
    // Expected values are copied from the files by hand, so a decoder that reads the wrong field fails.
    public static TheoryData<string, int, string, string, string> ErrorSamples { get; } = new()
    {
        { "error.refund-not-allowed.over-refund.klarna-docs.json", 403, "REFUND_NOT_ALLOWED", "Over refund is not allowed. Refund not possible.", "7863c755-eb1b-4b24-a884-06c2368389d7" },
        { "error.release-not-allowed.fully-captured.klarna-docs.json", 403, "NOT_ALLOWED", "Order is fully captured. Remaining authorization cannot be released.", "fefd0ea8-6899-41f9-93a7-ccd125c1af86" },
        { "error.no-such-order.acknowledge.klarna-docs.json", 404, "NO_SUCH_ORDER", "Order 7849fd85-47dc-4919-a7ce-47b9f461562f cannot be found. Acknowledgement not possible.", "c56002ca-81ee-436a-b213-093e5afe75d3" },
        { "error.get-order.invalid-order-id.klarna-docs.json", 400, "INVALID_ORDER_ID", "Order ID must be a valid UUID.", "dd482985-2e0f-415d-9f30-74ce93e7e68e" },
        { "error.bad-value.payments-api.recorded-400.solidus-vcr.json", 400, "BAD_VALUE", "Bad value: purchase_currency, purchase_country", "b0c6c9ee-b4f8-4b98-9abf-09c85b7ce49a" },
    };

    [Theory]
    [MemberData(nameof(ErrorSamples))]
    public async Task DecodeAsync_ErrorSample_ReturnsFinalFailureWithItsCodeMessagesAndCorrelationId(
        string file, int status, string errorCode, string message, string correlationId)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent(KlarnaSamples.Read(file), Encoding.UTF8, "application/json") };

        var outcome = await KlarnaResponseDecoder.DecodeAsync(response, KlarnaTestAccounts.Account, CancellationToken.None);

        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.Final, failure.Class);
        Assert.Equal(status, failure.HttpStatus);
        Assert.Equal(errorCode, failure.Error.ErrorCode);
        Assert.Equal(new[] { message }, failure.Error.ErrorMessages);
        Assert.Equal(correlationId, failure.Error.CorrelationId);
    }

    [Fact]
    public void ErrorSamples_SamplesFolder_EveryErrorFileIsCovered()
    {
        var covered = ErrorSamples.Select(row => (string)row[0]).Order(StringComparer.Ordinal);

        var present = Directory.GetFiles(KlarnaSamples.Folder(), "error.*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(covered, present);
    }

    [Fact]
    public async Task DecodeAsync_Recorded401HtmlPage_ReturnsFinalUnauthorizedWithoutHtml()
    {
        using var response = RecordedResponse("auth-401.recorded-exchange.solidus-vcr.json");

        var outcome = await KlarnaResponseDecoder.DecodeAsync(response, KlarnaTestAccounts.Account, CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var failure = Assert.IsType<KlarnaFailure>(outcome);
        Assert.Equal(FailureClass.Final, failure.Class);
        Assert.Equal(401, failure.HttpStatus);
        Assert.Equal("UNAUTHORIZED", failure.Error.ErrorCode);
        Assert.Contains("'default'", failure.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<", failure.Error.Message, StringComparison.Ordinal);
        Assert.Null(failure.RetryAfter);
    }

    [Fact]
    public async Task DecodeAsync_Recorded201Refund_ReturnsSuccessWithRefundIdLocationAndCorrelationId()
    {
        using var response = RecordedResponse("refund-create-201.recorded-exchange.workarea-vcr.json");

        var outcome = await KlarnaResponseDecoder.DecodeAsync(response, KlarnaTestAccounts.Account, CancellationToken.None);

        var success = Assert.IsType<KlarnaSuccess>(outcome);
        Assert.Equal(201, success.HttpStatus);
        Assert.Equal("2aca2466-c064-4331-a8f1-ee793413dfbf", success.RefundId);
        Assert.Equal("https://api-na.playground.klarna.com/ordermanagement/v1/orders/1dab0505-d1d5-1041-ac57-5ffda5af139c/refunds/2aca2466-c064-4331-a8f1-ee793413dfbf", success.Location);
        Assert.Equal("ddc4b073-0d39-4a4d-a073-9ec3f5fd3607", success.CorrelationId);
    }

    /// <summary>Rebuilds the response of a recorded exchange: status, every recorded header, body.</summary>
    private static HttpResponseMessage RecordedResponse(string file)
    {
        using var exchange = JsonDocument.Parse(KlarnaSamples.Read(file));
        var recorded = exchange.RootElement.GetProperty("response");
        var response = new HttpResponseMessage((HttpStatusCode)recorded.GetProperty("status").GetInt32())
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(recorded.GetProperty("body").GetString() ?? "")),
        };
        foreach (var header in recorded.GetProperty("headers").EnumerateObject())
        {
            var value = header.Value.GetString() ?? "";
            if (!response.Headers.TryAddWithoutValidation(header.Name, value))
            {
                Assert.True(response.Content.Headers.TryAddWithoutValidation(header.Name, value), $"Header {header.Name} fits neither response nor content.");
            }
        }

        return response;
    }
}
