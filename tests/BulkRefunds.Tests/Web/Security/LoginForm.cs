using System.Net;
using System.Text.RegularExpressions;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>A browser on the sign-in page: GET the form (antiforgery cookie and field), POST it back.</summary>
internal static partial class LoginForm
{
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string userName, string password, string returnUrl = "/hangfire/recurring")
    {
        var form = await browser.GetStringAsync("/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        var token = RequestToken().Match(form);
        return await browser.PostAsync("/login", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", WebUtility.HtmlDecode(token.Groups["token"].Value)),
            new("returnUrl", returnUrl),
            new("username", userName),
            new("password", password),
        ]));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex RequestToken();
}
