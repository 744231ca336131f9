using System.Net;
using System.Text.RegularExpressions;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>A browser on the sign-in page: GET the form (antiforgery cookie and field), POST it back; the cookie it got, sent elsewhere.</summary>
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

    /// <summary>The sign-in cookie's Set-Cookie header, attributes included.</summary>
    public static string SetCookie(HttpResponseMessage signIn) =>
        Assert.Single(signIn.Headers.GetValues("Set-Cookie"), value => value.StartsWith(".BulkRefunds.Auth=", StringComparison.Ordinal));

    /// <summary>The sign-in cookie as a browser sends it back (name=value).</summary>
    public static string AuthCookie(HttpResponseMessage signIn) => SetCookie(signIn).Split(';')[0];

    // Cookies are sent by hand: a cookie container would keep them to the host and port that set them.
    public static async Task<HttpResponseMessage> GetWithCookieAsync(Uri baseAddress, string cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire/recurring");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex RequestToken();
}
