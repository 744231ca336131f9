using System.Globalization;
using System.Text;

namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>
/// The HTML page a gateway in front of Klarna (openresty, as on the recorded 401) answers when Klarna's own answer is
/// lost: no JSON error body, no error_code — the client cannot learn from it whether the request was applied.
/// </summary>
internal static class GatewayPage
{
    public static async Task WriteAsync(HttpContext context, int statusCode, string reason)
    {
        var title = string.Create(CultureInfo.InvariantCulture, $"{statusCode} {reason}");
        var page = Encoding.ASCII.GetBytes($"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n"
            + $"<center><h1>{title}</h1></center>\r\n<hr><center>openresty</center>\r\n</body>\r\n</html>\r\n");
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "text/html";
        context.Response.ContentLength = page.Length;
        await context.Response.Body.WriteAsync(page, context.RequestAborted);
    }
}
