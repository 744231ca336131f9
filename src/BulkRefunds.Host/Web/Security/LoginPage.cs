using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace BulkRefunds.Host.Web.Security;

/// <summary>The plain HTML sign-in form. Everything echoed into it is HTML-encoded.</summary>
public static class LoginPage
{
    public static IResult Render(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? error, int statusCode)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = HtmlEncoder.Default;
        var message = error is null ? "" : $"""<p class="error" role="alert">{html.Encode(error)}</p>""";
        var page = $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>BulkRefunds — sign in</title>
            <style>
            body { font-family: system-ui, sans-serif; max-width: 22rem; margin: 4rem auto; padding: 0 1rem; }
            label { display: block; margin: .75rem 0; } input { display: block; width: 100%; padding: .4rem; box-sizing: border-box; }
            button { padding: .5rem 1.5rem; } .error { color: #a00; }
            </style>
            </head>
            <body>
            <h1>BulkRefunds</h1>
            {{message}}
            <form method="post" action="/login">
            <input type="hidden" name="{{html.Encode(tokens.FormFieldName)}}" value="{{html.Encode(tokens.RequestToken ?? "")}}">
            <input type="hidden" name="returnUrl" value="{{html.Encode(LocalReturnUrl(returnUrl))}}">
            <label>User name <input name="username" autocomplete="username" required autofocus></label>
            <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button>
            </form>
            </body>
            </html>
            """;
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        return Results.Content(page, "text/html; charset=utf-8", statusCode: statusCode);
    }

    /// <summary>
    /// Only a path on this site, so the form cannot send a signed-in user elsewhere: browsers read "//host", "/\host" and
    /// "/\t/host" (control characters are dropped) as another site.
    /// </summary>
    public static string LocalReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl[0] == '/' && (returnUrl.Length == 1 || returnUrl[1] is not ('/' or '\\'))
            && !returnUrl.Any(character => char.IsControl(character) || character == '\\')
            ? returnUrl
            : "/hangfire";
}
