using System.Net;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>TLS ends at a reverse proxy: its X-Forwarded-Proto is believed from a configured proxy only, so cookies get Secure.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ForwardedHeadersTests(PostgresFixture postgres)
{
    [Fact]
    public async Task SignIn_ThroughAConfiguredProxyOverHttps_SetsASecureCookie()
    {
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("forwarded_https"),
            TestUsers.Settings(("ForwardedHeaders:KnownProxies", "127.0.0.1")));
        var browser = web.Client();
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.7");

        using var signIn = await LoginForm.SignInAsync(browser, TestUsers.Viewer, TestUsers.ViewerPassword);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("secure", LoginForm.SetCookie(signIn), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SignIn_ForwardedHttpsFromAnUnconfiguredAddress_IsIgnored()
    {
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("forwarded_ignored"),
            TestUsers.Settings(("ForwardedHeaders:KnownProxies", "10.9.8.7")));
        var browser = web.Client();
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        using var signIn = await LoginForm.SignInAsync(browser, TestUsers.Viewer, TestUsers.ViewerPassword);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.DoesNotContain("secure", LoginForm.SetCookie(signIn), StringComparison.OrdinalIgnoreCase);
    }
}
