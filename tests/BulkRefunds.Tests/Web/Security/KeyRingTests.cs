using System.Net;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>
/// The sign-in cookie is protected with keys kept in the database: a host started after the one that signed the user
/// in (a restart, or another instance behind a load balancer) accepts it; a host on another database does not.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class KeyRingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task SignInCookie_AfterARestartOnTheSameDatabase_StillSignsIn()
    {
        var database = await postgres.CreateDatabaseAsync("key_ring");
        string cookie;
        await using (var before = await WebTestApp.StartAsync(database, TestUsers.Settings()))
        {
            using var signIn = await LoginForm.SignInAsync(before.Client(), TestUsers.Viewer, TestUsers.ViewerPassword);
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            cookie = LoginForm.AuthCookie(signIn);
        }

        await using var after = await WebTestApp.StartAsync(database, TestUsers.Settings());
        await using var elsewhere = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("key_ring_other"), TestUsers.Settings());

        using var sameDatabase = await LoginForm.GetWithCookieAsync(after.BaseAddress, cookie);
        using var otherDatabase = await LoginForm.GetWithCookieAsync(elsewhere.BaseAddress, cookie);

        Assert.Equal(HttpStatusCode.OK, sameDatabase.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, otherDatabase.StatusCode);
        Assert.Equal("/login", otherDatabase.Headers.Location?.AbsolutePath);
    }
}
