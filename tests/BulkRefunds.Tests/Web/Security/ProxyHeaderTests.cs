using System.Net;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>Security:Mode=ProxyHeader: the proxy's headers decide who asks; nothing else does.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ProxyHeaderTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Dashboard_ProxyOperator_OpensPagesAndTriggersJobs()
    {
        await using var web = await StartAsync("proxy_operator");
        var client = ProxiedClient(web, "olga@example.com", "operator");

        using var page = await client.GetAsync("/hangfire/recurring");
        using var trigger = await DashboardPages.TriggerRecoverySweepAsync(client);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, trigger.StatusCode);
    }

    [Fact]
    public async Task Dashboard_ProxyViewer_IsReadOnly()
    {
        await using var web = await StartAsync("proxy_viewer");
        var client = ProxiedClient(web, "vic@example.com", "Viewer, auditor");

        using var page = await client.GetAsync("/hangfire/recurring");
        using var trigger = await DashboardPages.TriggerRecoverySweepAsync(client);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, trigger.StatusCode); // Hangfire's answer to a command in read-only mode
    }

    [Fact]
    public async Task Dashboard_ProxyUserWithoutAKnownRole_Is403()
    {
        await using var web = await StartAsync("proxy_norole");

        using var page = await ProxiedClient(web, "eve@example.com", "admin").GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task Dashboard_NoProxyHeaders_Is401EvenWithValidBasicCredentials()
    {
        await using var web = await StartAsync("proxy_none");

        using var anonymous = await web.Client().GetAsync("/hangfire");
        using var basic = await web.Client(TestUsers.Operator, TestUsers.OperatorPassword).GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
    }

    private static HttpClient ProxiedClient(WebTestApp web, string user, string roles)
    {
        var client = web.Client();
        client.DefaultRequestHeaders.Add("X-Auth-User", user);
        client.DefaultRequestHeaders.Add("X-Auth-Roles", roles);
        return client;
    }

    // Loopback anonymous would be an operator in Users mode; behind a proxy it must not be.
    private async Task<WebTestApp> StartAsync(string purpose) =>
        await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync(purpose), TestUsers.Settings(
            ("Security:Mode", "ProxyHeader"), ("Security:ProxyUserHeader", "X-Auth-User"), ("Security:ProxyRolesHeader", "X-Auth-Roles"),
            ("Security:RequireLoginOnLoopback", "false")));
}
