using System.Globalization;
using System.Text.Encodings.Web;
using BulkRefunds.Manifests;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// <c>GET /upload</c>: one self-contained page (no CDN, no external file) that sends a manifest to <c>POST /api/manifests</c>
/// with fetch and shows what became of it. Server values go into attributes HTML-encoded; the answer is written with textContent.
/// </summary>
public static class UploadPage
{
    // The page itself is UploadPage.html beside this file, embedded in the assembly.
    private static readonly Lazy<string> Template = new(() =>
    {
        using var stream = typeof(UploadPage).Assembly.GetManifestResourceStream("UploadPage.html")
            ?? throw new InvalidOperationException("UploadPage.html is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IResult Render(HttpContext context, IAntiforgery antiforgery, IOptions<ManifestLimits> limits)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        var html = Template.Value
            .Replace("{{csrfHeader}}", HtmlEncoder.Default.Encode(tokens.HeaderName ?? "RequestVerificationToken"), StringComparison.Ordinal)
            .Replace("{{csrfToken}}", HtmlEncoder.Default.Encode(tokens.RequestToken ?? ""), StringComparison.Ordinal)
            .Replace("{{maxBytes}}", limits.Value.MaxFileBytes.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{user}}", HtmlEncoder.Default.Encode(context.User.Identity?.Name ?? ""), StringComparison.Ordinal);
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
