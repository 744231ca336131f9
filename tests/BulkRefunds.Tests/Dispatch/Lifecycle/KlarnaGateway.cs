using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// A reverse proxy in front of the simulator, as a load balancer stands in front of Klarna. It passes every request on;
/// for an order armed with <see cref="ArmAfterApply"/> it lets the refund reach Klarna (applied, stored under its key)
/// and then answers the client 502 or 504 with an HTML page instead of Klarna's reply — a gateway error that says
/// nothing about whether the money moved.
/// </summary>
internal sealed class KlarnaGateway : IAsyncDisposable
{
    private static readonly HashSet<string> HopByHop = new(["Host", "Transfer-Encoding", "Connection", "Keep-Alive", "Content-Length"], StringComparer.OrdinalIgnoreCase);
    private readonly WebApplication app;
    private readonly HttpClient upstream;
    private readonly ConcurrentDictionary<string, Queue<int>> armed = new(StringComparer.OrdinalIgnoreCase);
    private long injected;

    private KlarnaGateway(WebApplication app, HttpClient upstream)
    {
        this.app = app;
        this.upstream = upstream;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public long Injected => Interlocked.Read(ref injected);

    public static async Task<KlarnaGateway> StartAsync(Uri klarna)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var gateway = new KlarnaGateway(app, new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = klarna, Timeout = Timeout.InfiniteTimeSpan });
        app.Run(gateway.ForwardAsync);
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        gateway.BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
        return gateway;
    }

    /// <summary>The next <paramref name="times"/> refunds of the order are applied and answered with <paramref name="status"/> (502 or 504).</summary>
    public void ArmAfterApply(string orderId, int status, int times)
    {
        var queue = armed.GetOrAdd(orderId, _ => new Queue<int>());
        lock (queue)
        {
            for (var i = 0; i < times; i++)
            {
                queue.Enqueue(status);
            }
        }
    }

    public void Clear() => armed.Clear();

    private async Task ForwardAsync(HttpContext context)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path.Value!.TrimStart('/') + context.Request.QueryString);
        var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length > 0 || HttpMethods.IsPost(context.Request.Method))
        {
            request.Content = new ByteArrayContent(body.ToArray());
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (!HopByHop.Contains(name) && !request.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await upstream.SendAsync(request, HttpCompletionOption.ResponseContentRead, context.RequestAborted);
        }
        catch (Exception exception) when (exception is HttpRequestException or OperationCanceledException)
        {
            // Klarna dropped the connection (or our client gave up): the client sees the same.
            context.Abort();
            return;
        }

        using (response)
        {
            if (HttpMethods.IsPost(context.Request.Method) && TakeArmed(context.Request.Path.Value!) is { } status)
            {
                Interlocked.Increment(ref injected);
                context.Response.StatusCode = status;
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync($"<html><head><title>{status} Gateway {(status == 504 ? "Time-out" : "Error")}</title></head><body>nginx</body></html>", context.RequestAborted);
                return;
            }

            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHop.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
        }
    }

    // Only refunds: /ordermanagement/v1/orders/{order_id}/refunds.
    private int? TakeArmed(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is not [.., "orders", var orderId, "refunds"] || !armed.TryGetValue(Uri.UnescapeDataString(orderId), out var queue))
        {
            return null;
        }

        lock (queue)
        {
            return queue.TryDequeue(out var status) ? status : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        upstream.Dispose();
    }
}
