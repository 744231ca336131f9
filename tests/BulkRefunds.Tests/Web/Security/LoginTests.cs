using System.Net;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>The browser sign-in: cookie on success, one generic answer for every failure, antiforgery required.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LoginTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Login_RightPassword_SetsAStrictCookieAndOpensTheDashboard()
    {
        await using var web = await StartAsync("login_ok");
        var browser = web.Client();

        using var signIn = await LoginForm.SignInAsync(browser, TestUsers.Viewer, TestUsers.ViewerPassword);
        using var dashboard = await browser.GetAsync("/hangfire/recurring");

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/hangfire/recurring", signIn.Headers.Location?.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), value => value.StartsWith(".BulkRefunds.Auth=", StringComparison.Ordinal));
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Theory]
    [InlineData(TestUsers.Viewer, "wrong")]
    [InlineData("nobody", TestUsers.ViewerPassword)]
    public async Task Login_WrongUserOrPassword_Is401WithTheSameGenericMessage(string userName, string password)
    {
        await using var web = await StartAsync("login_wrong");
        var browser = web.Client();

        using var signIn = await LoginForm.SignInAsync(browser, userName, password);
        var page = await signIn.Content.ReadAsStringAsync();
        using var dashboard = await browser.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Contains("Wrong user name or password.", page, StringComparison.Ordinal);
        Assert.DoesNotContain(userName, page, StringComparison.Ordinal);
        Assert.False(signIn.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(value => value.StartsWith(".BulkRefunds.Auth=", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
    }

    [Fact]
    public async Task Login_PostWithoutAntiforgeryToken_IsRefused()
    {
        await using var web = await StartAsync("login_csrf");

        using var signIn = await web.Client().PostAsync("/login", new FormUrlEncodedContent(
            [new("username", TestUsers.Operator), new("password", TestUsers.OperatorPassword)]));

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.False(signIn.Headers.Contains("Set-Cookie") && signIn.Headers.GetValues("Set-Cookie").Any(value => value.StartsWith(".BulkRefunds.Auth=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Login_ReturnUrlOffSite_RedirectsToTheDashboardInstead()
    {
        await using var web = await StartAsync("login_redirect");

        using var signIn = await LoginForm.SignInAsync(web.Client(), TestUsers.Viewer, TestUsers.ViewerPassword, "//evil.example/");

        Assert.Equal("/hangfire", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Logout_AfterLogin_DashboardRedirectsToLoginAgain()
    {
        await using var web = await StartAsync("logout");
        var browser = web.Client();
        (await LoginForm.SignInAsync(browser, TestUsers.Operator, TestUsers.OperatorPassword)).Dispose();

        using var logout = await browser.GetAsync("/logout");
        using var dashboard = await browser.GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, dashboard.StatusCode);
        Assert.Equal("/login", dashboard.Headers.Location?.AbsolutePath);
    }

    private async Task<WebTestApp> StartAsync(string purpose) =>
        await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync(purpose), TestUsers.Settings());
}
