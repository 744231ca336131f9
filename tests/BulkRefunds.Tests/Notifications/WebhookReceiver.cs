using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace BulkRefunds.Tests.Notifications;

/// <summary>A webhook receiver on loopback (Kestrel): keeps every POST's exact bytes and headers, answers with the scripted statuses.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();

    private WebhookReceiver(WebApplication app) => this.app = app;

    public string Url => app.Urls.Single().TrimEnd('/') + "/hooks/bulkrefunds";

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    /// <summary>Answers the n-th request with the n-th status, and every later one with the last; waits <paramref name="delay"/> first.</summary>
    public static async Task<WebhookReceiver> StartAsync(int[] statuses, TimeSpan delay = default)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        var receiver = new WebhookReceiver(builder.Build());
        var count = 0;
        receiver.app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            receiver.received.Enqueue(new ReceivedWebhook(body.ToArray(),
                context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await Task.Delay(delay);
            context.Response.StatusCode = statuses[Math.Min(Interlocked.Increment(ref count) - 1, statuses.Length - 1)];
        });
        receiver.app.Urls.Add("http://127.0.0.1:0");
        await receiver.app.StartAsync();
        return receiver;
    }

    /// <summary>Waits (bounded) for a request whose body has the given type.</summary>
    public async Task<ReceivedWebhook> WaitForAsync(string type, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            if (received.FirstOrDefault(webhook => webhook.Json.RootElement.GetProperty("type").GetString() == type) is { } found)
            {
                return found;
            }

            await Task.Delay(100, cancel.Token);
        }
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}

internal sealed record ReceivedWebhook(byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public JsonDocument Json => JsonDocument.Parse(Body);
}
