using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace BulkRefunds.Klarna;

/// <summary>The one place where an HTTP response from Klarna becomes a <see cref="KlarnaOutcome"/>.</summary>
internal static partial class KlarnaResponseDecoder
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    public static async Task<KlarnaOutcome> DecodeAsync(HttpResponseMessage response, string account, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var correlationId = Header(response.Headers, "Klarna-Correlation-Id");
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK when response.RequestMessage?.Method == HttpMethod.Get:
                return await ReadBodyAsync(response, correlationId, cancellationToken);
            case HttpStatusCode.Created or HttpStatusCode.NoContent:
                var location = response.Headers.Location?.OriginalString; // as sent: ToString() would unescape it
                var refundId = Header(response.Headers, "Refund-Id") ?? location?.TrimEnd('/').Split('/')[^1];
                return new KlarnaSuccess(status, refundId, location, correlationId);
            case HttpStatusCode.Unauthorized:
                // The gateway answers 401 with an HTML page, not Klarna's JSON error body (contract §1.2).
                return new KlarnaFailure(FailureClass.Final, status, new KlarnaError("UNAUTHORIZED",
                    [$"Klarna rejected the credentials for account '{account}' (check its username, password and region)."], correlationId), null);
            case HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests:
                // Klarna refused to process it (rate limit) or is still processing the first request with this key.
                return new KlarnaFailure(FailureClass.Retryable, status, await ReadErrorAsync(response, correlationId, cancellationToken), RetryAfter(response));
            case >= HttpStatusCode.InternalServerError:
                // A 5xx, JSON or a gateway page, does not say the request was not applied: a proxy can time out after
                // Klarna applied it, and the contract is silent on a 503's effect. A POST is in doubt; a GET applies nothing.
                return new KlarnaFailure(response.RequestMessage?.Method == HttpMethod.Get ? FailureClass.Retryable : FailureClass.InDoubt,
                    status, await ReadErrorAsync(response, correlationId, cancellationToken), RetryAfter(response));
            case >= HttpStatusCode.BadRequest:
                return new KlarnaFailure(FailureClass.Final, status, await ReadErrorAsync(response, correlationId, cancellationToken), null);
            default:
                // A 200 or a redirect is not in the contract for these calls: we cannot tell whether it applied.
                return new KlarnaFailure(FailureClass.InDoubt, status, new KlarnaError("UNEXPECTED_STATUS",
                    [$"Klarna answered HTTP {status}, which the refund contract does not describe."], correlationId), null);
        }
    }

    private static async Task<KlarnaOutcome> ReadBodyAsync(HttpResponseMessage response, string? correlationId, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var refundPath = response.RequestMessage!.RequestUri!.AbsolutePath.Contains("/refunds/", StringComparison.Ordinal);
            KlarnaOutcome? outcome = refundPath
                ? await JsonSerializer.DeserializeAsync<KlarnaRefund>(body, KlarnaJson.Options, cancellationToken) is { } refund ? new KlarnaRefundFound(refund, correlationId) : null
                : await JsonSerializer.DeserializeAsync<KlarnaOrder>(body, KlarnaJson.Options, cancellationToken) is { OrderId: not null } order ? new KlarnaOrderFound(order, correlationId) : null;
            return outcome ?? Unreadable(correlationId);
        }
        catch (JsonException)
        {
            return Unreadable(correlationId);
        }
    }

    // A 200 we cannot read is Klarna's problem or a proxy's; asking again is safe for a GET.
    private static KlarnaFailure Unreadable(string? correlationId) => new(FailureClass.Retryable, 200,
        new KlarnaError("UNREADABLE_RESPONSE", ["Klarna answered 200 with a body that is not the expected JSON."], correlationId), null);

    private static async Task<KlarnaError> ReadErrorAsync(HttpResponseMessage response, string? correlationId, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        var body = bytes.AsSpan(0, Math.Min(bytes.Length, MaxErrorBodyBytes));
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                var error = JsonSerializer.Deserialize<ErrorBody>(body, KlarnaJson.Options);
                if (error?.ErrorCode is { Length: > 0 } code)
                {
                    return new KlarnaError(code, error.ErrorMessages ?? [], error.CorrelationId ?? correlationId);
                }
            }
            catch (JsonException)
            {
                // Fall through: summarised like any other body we cannot read.
            }
        }

        return new KlarnaError(ErrorCodeFor(response.StatusCode), [Summarise(response, System.Text.Encoding.UTF8.GetString(body))], correlationId);
    }

    // Non-JSON bodies (gateway pages) are summarised, never dumped into reports.
    private static string Summarise(HttpResponseMessage response, string body)
    {
        var title = TitlePattern().Match(body) is { Success: true } match ? $": {match.Groups[1].Value.Trim()}" : "";
        return $"HTTP {(int)response.StatusCode} with a {response.Content.Headers.ContentType?.MediaType ?? "non-JSON"} body{title}";
    }

    private static string ErrorCodeFor(HttpStatusCode status) => status switch
    {
        HttpStatusCode.TooManyRequests => "TOO_MANY_REQUESTS",
        HttpStatusCode.Conflict => "CONFLICT",
        >= HttpStatusCode.InternalServerError => "TEMPORARILY_UNAVAILABLE",
        _ => $"HTTP_{(int)status}",
    };

    internal static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        return long.TryParse(Header(response.Headers, "X-Ratelimit-Reset"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
    }

    private static string? Header(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    [GeneratedRegex("<title>(.{1,200}?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TitlePattern();

    private sealed record ErrorBody(string? ErrorCode, List<string>? ErrorMessages, string? CorrelationId);
}
