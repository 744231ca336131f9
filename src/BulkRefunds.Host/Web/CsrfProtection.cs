using Microsoft.AspNetCore.Antiforgery;

namespace BulkRefunds.Host.Web;

/// <summary>
/// Cross-site request forgery guard for the POSTs of the API. A browser sends the sign-in cookie (or, behind a proxy or on
/// loopback, is signed in) on any request, including one a foreign page forges, so a browser's POST must carry the
/// antiforgery token our pages embed (header <c>RequestVerificationToken</c>, checked by ASP.NET Core antiforgery against
/// its cookie). A script that sends its own <c>Authorization: Basic</c> header needs no token: a foreign page cannot set
/// that header. Browsers also replay cached Basic credentials by themselves, though, so a request the browser marks as
/// cross-site (<c>Sec-Fetch-Site</c>, <c>Origin</c>) never counts as a script's.
/// </summary>
public sealed class CsrfProtection(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!IsScriptWithOwnCredentials(http.Request))
        {
            try
            {
                // The header is read before any form, so an upload's body is not buffered by this check.
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return ApiProblem.Of(StatusCodes.Status400BadRequest, "This page has expired or the request did not come from it; reload the page and try again.");
            }
        }

        return await next(context);
    }

    public static bool IsScriptWithOwnCredentials(HttpRequest request) => request.Headers.Authorization.Count > 0 && !IsCrossSite(request);

    private static bool IsCrossSite(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0 && site is not ("same-origin" or "none"))
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase);
    }
}
