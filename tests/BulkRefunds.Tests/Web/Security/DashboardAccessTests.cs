using System.Net;
using BulkRefunds.Tests.Infrastructure;
using Npgsql;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>Users mode over real Kestrel on loopback: who reaches the API and the Hangfire dashboard, and what they may do there.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DashboardAccessTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Api_Anonymous_Is401WithBasicChallenge()
    {
        await using var web = await StartAsync("api_anon");

        using var response = await web.Client().GetAsync("/api/manifests");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task Dashboard_AnonymousFromLoopback_RedirectsToLogin()
    {
        await using var web = await StartAsync("dash_anon");

        using var response = await web.Client().GetAsync("/hangfire/recurring");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login", response.Headers.Location?.AbsolutePath);
        Assert.Equal("?ReturnUrl=%2Fhangfire%2Frecurring", response.Headers.Location?.Query);
    }

    [Theory]
    [InlineData(TestUsers.Viewer, "wrong")]
    [InlineData("nobody", TestUsers.ViewerPassword)]
    public async Task Dashboard_WrongBasicCredentials_Is401(string userName, string password)
    {
        await using var web = await StartAsync("dash_wrong");

        using var dashboard = await web.Client(userName, password).GetAsync("/hangfire");
        using var api = await web.Client(userName, password).GetAsync("/api/manifests");

        Assert.Equal(HttpStatusCode.Unauthorized, dashboard.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task Dashboard_Viewer_SeesPagesButCannotTriggerJobs()
    {
        await using var web = await StartAsync("dash_viewer");
        var viewer = web.Client(TestUsers.Viewer, TestUsers.ViewerPassword);

        using var page = await viewer.GetAsync("/hangfire/recurring");
        using var trigger = await DashboardPages.TriggerRecoverySweepAsync(viewer);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("recovery-sweep", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, trigger.StatusCode); // Hangfire's answer to a command in read-only mode
    }

    [Fact]
    public async Task Dashboard_Operator_CanTriggerJobs()
    {
        await using var web = await StartAsync("dash_operator");

        using var trigger = await DashboardPages.TriggerRecoverySweepAsync(web.Client(TestUsers.Operator, TestUsers.OperatorPassword));

        Assert.Equal(HttpStatusCode.NoContent, trigger.StatusCode);
    }

    [Fact]
    public async Task Dashboard_OperatorWithoutAntiforgeryToken_CannotTriggerJobs()
    {
        await using var web = await StartAsync("dash_csrf");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", "recovery-sweep")]),
        };

        using var trigger = await web.Client(TestUsers.Operator, TestUsers.OperatorPassword).SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, trigger.StatusCode);
    }

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/servers")]
    [InlineData("/hangfire/recurring")]
    [InlineData("/hangfire/jobs/enqueued")]
    public async Task Dashboard_AnyPage_NeverShowsTheConnectionStringOrPasswords(string path)
    {
        await using var web = await StartAsync("dash_secret");
        var connection = new NpgsqlConnectionStringBuilder(web.ConnectionString);

        var html = await web.Client(TestUsers.Operator, TestUsers.OperatorPassword).GetStringAsync(path);

        Assert.Contains("BulkRefunds", html, StringComparison.Ordinal);
        Assert.DoesNotContain(connection.Password!, html, StringComparison.Ordinal);
        Assert.DoesNotContain(connection.Database!, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Simulator.Password, html, StringComparison.Ordinal);
        Assert.DoesNotContain(TestUsers.OperatorPassword, html, StringComparison.Ordinal);
    }

    private async Task<WebTestApp> StartAsync(string purpose) =>
        await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync(purpose), TestUsers.Settings());
}
