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

    [Fact]
    public async Task Dashboard_IdentityFromAnAddressThatIsNotAConfiguredProxy_Is401()
    {
        await using var web = await StartAsync("proxy_untrusted", ("ForwardedHeaders:KnownProxies", "10.9.8.7"));

        using var page = await ProxiedClient(web, "olga@example.com", "operator").GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task Dashboard_IdentityFromAConfiguredProxyNetwork_IsAccepted()
    {
        await using var web = await StartAsync("proxy_network", ("ForwardedHeaders:KnownNetworks:0", "127.0.0.0/8"));

        using var page = await ProxiedClient(web, "olga@example.com", "operator").GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Theory]
    [InlineData("X-Auth-User: vic@example.com\r\nX-Auth-User: olga@example.com\r\nX-Auth-Roles: viewer\r\n")]
    [InlineData("X-Auth-User: vic@example.com, olga@example.com\r\nX-Auth-Roles: viewer\r\n")]
    [InlineData("X-Auth-User: vic@example.com\r\nX-Auth-Roles: viewer\r\nX-Auth-Roles: operator\r\n")]
    public async Task Dashboard_RepeatedIdentityOrRoleHeader_Is401(string headers)
    {
        await using var web = await StartAsync("proxy_repeated");

        var status = await RawGetStatusAsync(web.BaseAddress, "/hangfire", headers);
        var single = await RawGetStatusAsync(web.BaseAddress, "/hangfire", "X-Auth-User: vic@example.com\r\nX-Auth-Roles: viewer\r\n");

        Assert.Equal(401, status);
        Assert.Equal(200, single);
    }

    // HttpClient folds a repeated header into one comma-joined line; a proxy that appends sends it twice.
    private static async Task<int> RawGetStatusAsync(Uri baseAddress, string path, string headers)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\n{headers}Connection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, System.Text.Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? "";
        return int.Parse(statusLine.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static HttpClient ProxiedClient(WebTestApp web, string user, string roles)
    {
        var client = web.Client();
        client.DefaultRequestHeaders.Add("X-Auth-User", user);
        client.DefaultRequestHeaders.Add("X-Auth-Roles", roles);
        return client;
    }

    // Loopback anonymous would be an operator in Users mode; behind a proxy it must not be.
    private async Task<WebTestApp> StartAsync(string purpose, params (string Key, string? Value)[] extra) =>
        await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync(purpose), TestUsers.Settings(
            [("Security:Mode", "ProxyHeader"), ("Security:ProxyUserHeader", "X-Auth-User"), ("Security:ProxyRolesHeader", "X-Auth-Roles"),
            ("Security:RequireLoginOnLoopback", "false"), .. extra]));
}
