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
    /// proxy every request may come from loopback). Remote anonymous requests are always refused.
    /// </summary>
    public bool RequireLoginOnLoopback { get; set; } = true;

    /// <summary>Whether anyone can be authenticated at all, which is what makes a non-loopback listener acceptable.</summary>
    public bool IsAuthenticationConfigured => Mode == SecurityMode.ProxyHeader || Users.Count > 0;
}
