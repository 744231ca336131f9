using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// The browser sign-in cookie: HttpOnly, SameSite=Strict, Secure when the request was https (behind a proxy: its
/// X-Forwarded-Proto), eight hours, re-checked on every request against the configured users and their security stamp.
/// </summary>
public static class SignInCookie
{
    /// <summary>The claim that carries <see cref="UserDirectory.Stamp"/> as it was at sign-in.</summary>
    public const string StampClaim = "bulkrefunds:security_stamp";

    /// <summary>The cookie's principal: the user, and the stamp of the password it signed in with.</summary>
    public static ClaimsPrincipal Principal(ConfiguredUser user, UserDirectory users)
    {
        var principal = user.ToPrincipal(SecuritySchemes.Cookie);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(StampClaim, users.Stamp(user.Name) ?? ""));
        return principal;
    }

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
        cookie.Events.OnValidatePrincipal = async context =>
        {
            // A user removed from configuration, given other roles or a new password loses the old cookie at the next request.
            var principal = context.Principal;
            var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
            var current = principal?.Identity?.Name is { } name ? users.Find(name) : null;
            if (principal is null || current is null || !SameRoles(principal, current)
                || !string.Equals(principal.FindFirstValue(StampClaim), users.Stamp(current.Name), StringComparison.Ordinal))
            {
                context.RejectPrincipal();
                await context.HttpContext.SignOutAsync(SecuritySchemes.Cookie);
            }
        };
    }

    private static bool SameRoles(ClaimsPrincipal principal, ConfiguredUser user) =>
        principal.FindAll(ClaimTypes.Role).Select(claim => claim.Value).Order(StringComparer.Ordinal)
            .SequenceEqual(user.Roles.Order(StringComparer.Ordinal), StringComparer.Ordinal);
}
