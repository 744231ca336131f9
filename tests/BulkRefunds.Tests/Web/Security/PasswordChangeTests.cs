using System.Net;
using BulkRefunds.Host.Web.Security;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>A new password hash for a user turns away the cookies signed in with the old one; other users keep theirs.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PasswordChangeTests(PostgresFixture postgres)
{
    [Fact]
    public async Task SignInCookie_AfterThatUsersPasswordChanged_IsSignedOut()
    {
        var database = await postgres.CreateDatabaseAsync("password_change");
        string changedUsersCookie, otherUsersCookie;
        await using (var before = await WebTestApp.StartAsync(database, TestUsers.Settings()))
        {
            using var changed = await LoginForm.SignInAsync(before.Client(), TestUsers.Operator, TestUsers.OperatorPassword);
            using var other = await LoginForm.SignInAsync(before.Client(), TestUsers.Viewer, TestUsers.ViewerPassword);
            (changedUsersCookie, otherUsersCookie) = (LoginForm.AuthCookie(changed), LoginForm.AuthCookie(other));
        }

        await using var after = await WebTestApp.StartAsync(database,
            TestUsers.Settings(($"Security:Users:{TestUsers.Operator}:PasswordHash", PasswordHashes.Hash("a new pass phrase"))));

        using var changedUser = await LoginForm.GetWithCookieAsync(after.BaseAddress, changedUsersCookie);
        using var otherUser = await LoginForm.GetWithCookieAsync(after.BaseAddress, otherUsersCookie);

        Assert.Equal(HttpStatusCode.Redirect, changedUser.StatusCode);
        Assert.Equal("/login", changedUser.Headers.Location?.AbsolutePath);
        Assert.Contains(changedUser.Headers.GetValues("Set-Cookie"), value => value.StartsWith(".BulkRefunds.Auth=;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, otherUser.StatusCode);
    }
}
