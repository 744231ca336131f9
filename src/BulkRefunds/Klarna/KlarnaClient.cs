using System.Diagnostics;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using BulkRefunds.Telemetry;

namespace BulkRefunds.Klarna;

/// <summary>
/// Klarna Order Management for one merchant account. The idempotency key always comes from the caller (the
/// staged row), and the body is sent as the exact text the caller stored, so every retry is byte-identical.
/// </summary>
public sealed class KlarnaClient(HttpClient http, RateBudget rateBudget, string account, TimeSpan attemptTimeout, BulkRefundsTelemetry telemetry)
{
    internal static readonly string UserAgent =
        $"Library/BulkRefunds_{typeof(KlarnaClient).Assembly.GetName().Version?.ToString(3)} OS/{RuntimeInformation.OSDescription.Split(' ')[0]}_{Environment.OSVersion.Version} Language/.NET_{Environment.Version}";

    public string Account => account;

    public Task<KlarnaOutcome> CreateRefundAsync(string orderId, string requestJson, Guid idempotencyKey, CancellationToken cancellationToken) =>
        OrderSegment(orderId) is { } segment
            ? SendAsync("create_refund", orderId, HttpMethod.Post, $"ordermanagement/v1/orders/{segment}/refunds", requestJson, idempotencyKey, cancellationToken)
            : Task.FromResult<KlarnaOutcome>(UnsendableOrderId(orderId));

    public Task<KlarnaOutcome> ReleaseRemainingAuthorizationAsync(string orderId, Guid idempotencyKey, CancellationToken cancellationToken) =>
        OrderSegment(orderId) is { } segment
            ? SendAsync("release_remaining_authorization", orderId, HttpMethod.Post, $"ordermanagement/v1/orders/{segment}/release-remaining-authorization", null, idempotencyKey, cancellationToken)
            : Task.FromResult<KlarnaOutcome>(UnsendableOrderId(orderId));

    public Task<KlarnaOutcome> GetOrderAsync(string orderId, CancellationToken cancellationToken) =>
        OrderSegment(orderId) is { } segment
            ? SendAsync("get_order", orderId, HttpMethod.Get, $"ordermanagement/v1/orders/{segment}", null, null, cancellationToken)
            : Task.FromResult<KlarnaOutcome>(UnsendableOrderId(orderId));

    public Task<KlarnaOutcome> GetRefundAsync(string orderId, string refundId, CancellationToken cancellationToken) =>
        OrderSegment(orderId) is { } segment && OrderSegment(refundId) is { } refund
            ? SendAsync("get_refund", orderId, HttpMethod.Get, $"ordermanagement/v1/orders/{segment}/refunds/{refund}", null, null, cancellationToken)
            : Task.FromResult<KlarnaOutcome>(UnsendableOrderId(orderId));

    // "." and ".." survive escaping and would be resolved away by Uri, sending the call to another endpoint.
    private static string? OrderSegment(string orderId) =>
        orderId is "" or "." or ".." ? null : Uri.EscapeDataString(orderId);

    private static KlarnaFailure UnsendableOrderId(string orderId) => new(FailureClass.Final, null,
        new KlarnaError("INVALID_ORDER_ID", [$"Order id '{orderId}' cannot be part of a Klarna URL; nothing was sent."], null), null);

    private async Task<KlarnaOutcome> SendAsync(string operation, string orderId, HttpMethod method, string path, string? json, Guid? idempotencyKey,
        CancellationToken cancellationToken)
    {
        using var activity = telemetry.StartKlarnaCall(account, operation, orderId);
        var waitStarted = Stopwatch.GetTimestamp();
        // Klarna counts every request against the merchant's limit, so every request takes a slot first.
        await rateBudget.AcquireAsync(cancellationToken);
        telemetry.RateBudgetWaited(account, Stopwatch.GetElapsedTime(waitStarted));
        var sent = Stopwatch.GetTimestamp();
        var outcome = await SendOnceAsync(method, path, json, idempotencyKey, cancellationToken);
        var (status, correlationId) = outcome switch
        {
            KlarnaSuccess success => (success.HttpStatus, success.CorrelationId),
            KlarnaOrderFound found => (200, found.CorrelationId),
            KlarnaRefundFound found => (200, found.CorrelationId),
            KlarnaFailure failure => (failure.HttpStatus, failure.Error.CorrelationId),
            _ => ((int?)null, null),
        };
        telemetry.KlarnaRequest(account, operation, status, Stopwatch.GetElapsedTime(sent));
        activity?.SetTag(TelemetryTags.HttpStatus, status).SetTag(TelemetryTags.CorrelationId, correlationId);
        return outcome;
    }

    private async Task<KlarnaOutcome> SendOnceAsync(HttpMethod method, string path, string? json, Guid? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (idempotencyKey is { } key)
        {
            request.Headers.Add("Klarna-Idempotency-Key", key.ToString("D"));
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(attemptTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            await rateBudget.HeedAsync(response, cancellationToken);
            return await KlarnaResponseDecoder.DecodeAsync(response, account, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unanswered(method, $"No answer from Klarna within {attemptTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError is HttpRequestError.ConnectionError
            or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError)
        {
            // The request never reached Klarna, so it cannot have been applied.
            return new KlarnaFailure(FailureClass.Retryable, null,
                new KlarnaError("CONNECTION_FAILED", [$"Could not connect to Klarna ({exception.HttpRequestError})."], null), null);
        }
        catch (HttpRequestException exception)
        {
            return Unanswered(method, $"The connection to Klarna broke before an answer arrived ({exception.HttpRequestError})");
        }
    }

    // A POST without an answer may have been applied; a GET changes nothing and can simply be asked again.
    private static KlarnaFailure Unanswered(HttpMethod method, string message) => method == HttpMethod.Get
        ? new(FailureClass.Retryable, null, new KlarnaError("NO_RESPONSE", [$"{message}."], null), null)
        : new(FailureClass.InDoubt, null, new KlarnaError("NO_RESPONSE", [$"{message}; the request may have been applied."], null), null);

    internal static AuthenticationHeaderValue BasicAuthorization(string username, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")));
}
