namespace BulkRefunds.Host.Web.Security;

/// <summary>Which scheme speaks for a request: it decides both who the caller is and how an anonymous one is answered.</summary>
public static class SchemeSelector
{
    public static string Select(HttpContext context, SecurityOptions security)
    {
        if (security.Mode == SecurityMode.ProxyHeader)
        {
            return SecuritySchemes.ProxyHeader;
        }

        if (context.Request.Headers.Authorization.Count > 0)
        {
            return SecuritySchemes.Basic;
        }

        if (context.Request.Cookies.ContainsKey(SecuritySchemes.CookieName))
        {
            return SecuritySchemes.Cookie;
        }

        if (LoopbackAuthenticationHandler.Applies(context, security))
        {
            return SecuritySchemes.Loopback;
        }

        // Scripts get 401 + WWW-Authenticate: Basic; browsers on HTML pages get the login form.
        return IsApi(context.Request) ? SecuritySchemes.Basic : SecuritySchemes.Cookie;
    }

    /// <summary>The API, its OpenAPI document and the metrics: scripts and tools, answered 401 rather than sent to the login page.</summary>
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments(MetricsEndpoint.Path, StringComparison.OrdinalIgnoreCase);
}
