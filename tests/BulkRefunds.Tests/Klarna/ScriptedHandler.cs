using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace BulkRefunds.Tests.Klarna;

/// <summary>
/// Answers each request with the next scripted (status, JSON) pair and records the URIs asked for: for response shapes
/// the simulator never produces (no total, no next, an empty page that still has next, unknown fields).
/// </summary>
internal sealed class ScriptedHandler(params (HttpStatusCode Status, string Json)[] answers) : HttpMessageHandler
{
    private readonly ConcurrentQueue<Uri> requested = new();
    private int next;

    public IReadOnlyList<Uri> Requested => [.. requested];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        requested.Enqueue(request.RequestUri!);
        var index = Interlocked.Increment(ref next) - 1;
        var (status, json) = index < answers.Length ? answers[index] : (HttpStatusCode.InternalServerError, "{}");
        return Task.FromResult(new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        });
    }
}
