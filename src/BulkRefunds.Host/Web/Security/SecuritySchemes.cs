namespace BulkRefunds.Host.Web.Security;

/// <summary>Names of the authentication schemes; <see cref="Default"/> picks one of the others per request.</summary>
public static class SecuritySchemes
{
    public const string Default = "BulkRefunds";
    public const string Cookie = "Cookie";
    public const string Basic = "Basic";
    public const string ProxyHeader = "ProxyHeader";
    public const string Loopback = "Loopback";

    public const string CookieName = ".BulkRefunds.Auth";
}
