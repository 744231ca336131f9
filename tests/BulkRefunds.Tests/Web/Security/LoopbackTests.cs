using System.Net;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>Security:RequireLoginOnLoopback=false: anonymous requests from this machine are a local operator.</summary>
[Collection(PostgresCollection.Name)]
public sealed class LoopbackTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Dashboard_AnonymousFromLoopbackWithoutRequiredLogin_IsALocalOperator()
    {
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("loopback"),
            new Dictionary<string, string?> { ["Security:RequireLoginOnLoopback"] = "false" });
        var client = web.Client();

        using var page = await client.GetAsync("/hangfire/recurring");
        using var api = await client.GetAsync("/api/no-such-route");
        using var trigger = await DashboardPages.TriggerRecoverySweepAsync(client);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, trigger.StatusCode);
    }

    [Fact]
    public async Task Dashboard_WrongPasswordFromLoopbackWithoutRequiredLogin_IsStill401()
    {
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("loopback_wrong"),
            TestUsers.Settings(("Security:RequireLoginOnLoopback", "false")));

        using var page = await web.Client(TestUsers.Operator, "wrong").GetAsync("/hangfire");

        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }
}
