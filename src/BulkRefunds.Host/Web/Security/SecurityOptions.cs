namespace BulkRefunds.Host.Web.Security;

/// <summary>Section <c>Security</c>: who may use the dashboard and the HTTP API of <c>bulkrefunds serve</c>.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    public SecurityMode Mode { get; set; } = SecurityMode.Users;

    /// <summary>ProxyHeader mode: the header carrying the authenticated user name.</summary>
    public string ProxyUserHeader { get; set; } = "X-Forwarded-User";

    /// <summary>ProxyHeader mode: the header carrying the user's roles, comma-separated.</summary>
    public string ProxyRolesHeader { get; set; } = "X-Forwarded-Roles";

    public Dictionary<string, UserAccountOptions> Users { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// When false, an anonymous request from this machine counts as a local operator (Users mode only: behind a
    /// proxy every request may come from loopback). Remote anonymous requests are always refused, and so are requests
    /// whose Host is not a loopback name or one of <c>AllowedHosts</c>: a web page whose name was re-pointed at 127.0.0.1
    /// (DNS rebinding) must not act as the local operator.
    /// </summary>
    public bool RequireLoginOnLoopback { get; set; } = true;

    /// <summary>Sign-in posts (<c>/login</c>) one client address may make per minute; more are answered 429.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Manifest uploads (<c>POST /api/manifests</c>) one client address may make per minute; more are answered 429.</summary>
    public int UploadsPerMinute { get; set; } = 60;

    /// <summary>Whether anyone can be authenticated at all, which is what makes a non-loopback listener acceptable.</summary>
    public bool IsAuthenticationConfigured => Mode == SecurityMode.ProxyHeader || Users.Count > 0;
}
