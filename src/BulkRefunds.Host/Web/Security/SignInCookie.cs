using Microsoft.AspNetCore.Authentication.Cookies;

namespace BulkRefunds.Host.Web.Security;

/// <summary>The browser sign-in cookie: HttpOnly, SameSite=Strict, eight hours, re-checked against the configured users.</summary>
public static class SignInCookie
{
    public static void Configure(CookieAuthenticationOptions cookie)
    {
        cookie.Cookie.Name = SecuritySchemes.CookieName;
        cookie.Cookie.HttpOnly = true;
        cookie.Cookie.SameSite = SameSiteMode.Strict;
        cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        cookie.SlidingExpiration = true;
        cookie.LoginPath = "/login";
        cookie.LogoutPath = "/logout";
        cookie.Events.OnRedirectToLogin = context =>
        {
            // Scripts and the dashboard's own XHR polling want a status, not a login page.
            if (SchemeSelector.IsApi(context.Request) || context.Request.Headers.XRequestedWith == "XMLHttpRequest")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = BasicAuthenticationHandler.Challenge;
            }
            else
            {
                context.Response.Redirect(context.RedirectUri);
            }

            return Task.CompletedTask;
        };
        cookie.Events.OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
        cookie.Events.OnValidatePrincipal = context =>
        {
            // A user removed from configuration, or given other roles, loses the old cookie at the next request.
            var principal = context.Principal;
            var current = principal?.Identity?.Name is { } name ? context.HttpContext.RequestServices.GetRequiredService<UserDirectory>().Find(name) : null;
            if (principal is null || current is null || !SameRoles(principal, current))
            {
                context.RejectPrincipal();
            }

            return Task.CompletedTask;
        };
    }

    private static bool SameRoles(System.Security.Claims.ClaimsPrincipal principal, ConfiguredUser user) =>
        principal.FindAll(System.Security.Claims.ClaimTypes.Role).Select(claim => claim.Value).Order(StringComparer.Ordinal)
            .SequenceEqual(user.Roles.Order(StringComparer.Ordinal), StringComparer.Ordinal);
}
