namespace BulkRefunds.Host.Web.Security;

/// <summary>How <c>bulkrefunds serve</c> learns who is asking.</summary>
public enum SecurityMode
{
    /// <summary>Users configured under <c>Security:Users</c>: cookie login for browsers, HTTP Basic for scripts.</summary>
    Users,

    /// <summary>A reverse proxy authenticates and passes the user and roles in headers; the app must be reachable only through it.</summary>
    ProxyHeader,
}
