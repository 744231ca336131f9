using System.Net;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>
/// With anonymous loopback access, a page elsewhere whose name was re-pointed at 127.0.0.1 reaches us with its own Host:
/// such requests are refused; loopback names and the configured AllowedHosts are served.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DnsRebindingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Request_ForeignHostWithAnonymousLoopback_Is400AndTriggersNothing()
    {
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("rebinding"),
            new Dictionary<string, string?> { ["Security:RequireLoginOnLoopback"] = "false", ["AllowedHosts"] = "*" });

        using var foreign = await GetAsync(web, "rebound.example");
        using var localhost = await GetAsync(web, "localhost");
        using var address = await GetAsync(web, "127.0.0.1");

        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.OK, localhost.StatusCode);
        Assert.Equal(HttpStatusCode.OK, address.StatusCode);
    }

    [Fact]
    public async Task Request_ConfiguredAllowedHostWithAnonymousLoopback_IsServed()
    {
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("rebinding_allowed"),
            new Dictionary<string, string?> { ["Security:RequireLoginOnLoopback"] = "false", ["AllowedHosts"] = "refunds.internal" });

        using var allowed = await GetAsync(web, "refunds.internal");
        using var foreign = await GetAsync(web, "rebound.example");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Fact]
    public async Task Request_ForeignHostWhenLoginIsRequired_ReachesTheSignIn()
    {
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("rebinding_login"), TestUsers.Settings());

        using var foreign = await GetAsync(web, "refunds.example.com");

        Assert.Equal(HttpStatusCode.Redirect, foreign.StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(WebTestApp web, string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire/recurring");
        request.Headers.Host = $"{host}:{web.BaseAddress.Port}";
        return await web.Client().SendAsync(request);
    }
}
