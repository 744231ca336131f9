using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Notifications;

/// <summary>POSTs the signed body to one webhook; any answer but 2xx, a timeout, or no connection is a failed delivery.</summary>
public sealed class WebhookSender(IHttpClientFactory httpClients, IOptions<NotificationOptions> options)
{
    public const string HttpClientName = "BulkRefunds.Notifications";
    public const string EventIdHeader = "BulkRefunds-Event-Id";
    public const string SignatureHeader = "BulkRefunds-Signature";

    public async Task SendAsync(string name, StoredEvent stored, CancellationToken cancellationToken)
    {
        var target = options.Value.Webhooks.GetValueOrDefault(name)
            ?? throw new NotificationDeliveryException($"Webhook '{name}' is no longer configured.");
        var body = NotificationBody.Serialize(stored);
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(EventIdHeader, stored.EventId.ToString("D"));
        request.Headers.Add(SignatureHeader, NotificationBody.Sign(body, target.Secret));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new NotificationDeliveryException($"Webhook '{name}' answered {(int)response.StatusCode}.");
            }
        }
        catch (HttpRequestException exception)
        {
            // Its message may quote the URL, which for some receivers is itself a secret, and Hangfire keeps what a job
            // threw (inner exceptions included) on its dashboard: name the webhook only, and keep the inner one out.
            throw new NotificationDeliveryException($"Webhook '{name}' could not be reached ({exception.HttpRequestError}).");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new NotificationDeliveryException($"Webhook '{name}' did not answer within {options.Value.TimeoutSeconds} s.");
        }
    }
}
