using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Security;

/// <summary><c>/login</c> (form and post) and <c>/logout</c> for browsers in Users mode (pages, so not in the OpenAPI document).</summary>
public static class LoginEndpoints
{
    private const string Refused = "Wrong user name or password.";

    public static IEndpointRouteBuilder MapLogin(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/login", (HttpContext context, IAntiforgery antiforgery, IOptions<SecurityOptions> security, [FromQuery(Name = "ReturnUrl")] string? returnUrl) =>
            security.Value.Mode == SecurityMode.Users
                ? LoginPage.Render(context, antiforgery, returnUrl, error: null, StatusCodes.Status200OK)
                : Results.NotFound()).AllowAnonymous().ExcludeFromDescription();
        endpoints.MapPost("/login", SignInAsync).AllowAnonymous().ExcludeFromDescription().RequireRateLimiting(RateLimits.SignIn);
        endpoints.MapGet("/logout", async (HttpContext context) =>
        {
            await context.SignOutAsync(SecuritySchemes.Cookie);
            return Results.Redirect("/login");
        }).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    // [FromForm] makes the endpoint require a valid antiforgery token (checked by UseAntiforgery before this runs).
    private static async Task<IResult> SignInAsync(HttpContext context, IAntiforgery antiforgery, IOptions<SecurityOptions> security, UserDirectory users,
        SignInCheck signIn, ILogger<UserDirectory> logger, [FromForm] string? username, [FromForm] string? password, [FromForm] string? returnUrl)
    {
        if (security.Value.Mode != SecurityMode.Users)
        {
            return Results.NotFound();
        }

        // Not the request's token: a lockout that happened is recorded even when the guesser hangs up.
        var user = await signIn.VerifyAsync(username ?? "", password ?? "", "the login form", context, CancellationToken.None);
        if (user is null)
        {
            logger.LogWarning("Sign-in refused from {RemoteIp}", context.Connection.RemoteIpAddress);
            return LoginPage.Render(context, antiforgery, returnUrl, Refused, StatusCodes.Status401Unauthorized);
        }

        await context.SignInAsync(SecuritySchemes.Cookie, SignInCookie.Principal(user, users));
        logger.LogInformation("{UserName} signed in", user.Name);
        return Results.Redirect(LoginPage.LocalReturnUrl(returnUrl));
    }
}
