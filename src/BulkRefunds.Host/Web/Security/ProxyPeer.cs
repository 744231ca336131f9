using System.Net;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// The address of the connection itself, kept before the forwarded headers replace it with the client's: whether a
/// request came through a trusted proxy is a question about the peer, not about what the proxy says.
/// </summary>
public static class ProxyPeer
{
    private static readonly object Key = new();

    public static IApplicationBuilder UseProxyPeer(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Items[Key] = context.Connection.RemoteIpAddress;
        return next(context);
    });

    public static IPAddress? Of(HttpContext context) =>
        context.Items.TryGetValue(Key, out var peer) ? peer as IPAddress : context.Connection.RemoteIpAddress;
}
