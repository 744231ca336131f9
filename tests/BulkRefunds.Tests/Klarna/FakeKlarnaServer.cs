using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace BulkRefunds.Tests.Klarna;

/// <summary>
/// A scripted stand-in for Klarna's gateway on loopback (Kestrel): records every request as it arrived and
/// answers it with <c>respond</c>. For the answers the simulator never gives (429, 5xx, gateway HTML).
/// </summary>
internal sealed class FakeKlarnaServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<CapturedRequest> requests;

    private FakeKlarnaServer(WebApplication app, ConcurrentQueue<CapturedRequest> requests)
    {
        this.app = app;
        this.requests = requests;
        BaseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
    }

    public Uri BaseAddress { get; }

    public IReadOnlyList<CapturedRequest> Requests => [.. requests];

    public static async Task<FakeKlarnaServer> StartAsync(Func<HttpResponse, Task> respond)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        var app = builder.Build();
        var requests = new ConcurrentQueue<CapturedRequest>();
        app.Run(async context =>
        {
            requests.Enqueue(await CaptureAsync(context));
            await respond(context.Response);
        });
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        return new FakeKlarnaServer(app, requests);
    }

    /// <summary>An answer with a status, optional body and headers.</summary>
    public static Func<HttpResponse, Task> Answer(int status, string? contentType = null, string body = "", params (string Name, string Value)[] headers) =>
        async response =>
        {
            response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                response.Headers[name] = value;
            }

            if (contentType is not null)
            {
                response.ContentType = contentType;
            }

            await response.WriteAsync(body);
        };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private static async Task<CapturedRequest> CaptureAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        return new CapturedRequest(context.Request.Method, rawTarget, headers, body);
    }
}
