using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace BulkRefunds.KlarnaSimulator.Http;

/// <summary>
/// HTTP Basic auth for /ordermanagement and /settlements (the same credentials, contract §1.2). Klarna's gateway answers bad credentials with an openresty HTML
/// page, not the JSON error object, so clients must not assume every non-2xx body is JSON.
/// </summary>
internal sealed class BasicAuthMiddleware(RequestDelegate next, SimulatorOptions options)
{
    // Byte-for-byte the recorded body (176 bytes) of auth-401.recorded-exchange.solidus-vcr.json.
    private static readonly byte[] UnauthorizedPage = Encoding.ASCII.GetBytes(
        "<html>\r\n<head><title>401 Authorization Required</title></head>\r\n<body>\r\n"
        + "<center><h1>401 Authorization Required</h1></center>\r\n<hr><center>openresty</center>\r\n"
        + "</body>\r\n</html>\r\n");

    public async Task InvokeAsync(HttpContext context)
    {
        if (!KlarnaPaths.IsKlarnaApi(context.Request.Path)
            || IsAuthorized(context.Request.Headers.Authorization.ToString()))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.ContentType = "text/html";
        context.Response.ContentLength = UnauthorizedPage.Length;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"very closed site\"";
        await context.Response.Body.WriteAsync(UnauthorizedPage, context.RequestAborted);
    }

    private bool IsAuthorized(string authorization)
    {
        if (!AuthenticationHeaderValue.TryParse(authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        var buffer = new byte[header.Parameter.Length];
        if (!Convert.TryFromBase64String(header.Parameter, buffer, out var length))
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes(options.Username + ":" + options.Password);
        return CryptographicOperations.FixedTimeEquals(buffer.AsSpan(0, length), expected);
    }
}
