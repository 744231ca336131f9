using BulkRefunds.Host.Web.Security;

namespace BulkRefunds.Host.Cli;

/// <summary>Where <c>serve</c> may listen: beyond this machine only once someone has to authenticate.</summary>
public static class ServeUrls
{
    public const string Default = "http://127.0.0.1:5080";

    /// <summary>The URLs to listen on, or the reason they are refused.</summary>
    public static (IReadOnlyList<string> Urls, string? Refusal) Check(string? configured, SecurityOptions security)
    {
        var urls = (configured ?? Default).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (security.IsAuthenticationConfigured)
        {
            return (urls, null);
        }

        var remote = urls.FirstOrDefault(url => !IsLoopback(url));
        return remote is null
            ? (urls, null)
            : (urls, $"Serve:Urls may name only loopback addresses until authentication is configured (Security:Users:<name> with a " +
                $"PasswordHash from `bulkrefunds hash-password`, or Security:Mode=ProxyHeader); got '{remote}'.");
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.IsLoopback || uri.Host == "127.0.0.1");
}
