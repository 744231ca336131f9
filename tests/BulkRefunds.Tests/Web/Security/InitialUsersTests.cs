using System.Net;
using BulkRefunds.Host.Web.Security;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>serve's embedded default: with no users configured, two generated accounts (kept in a 0600 file) can sign in.</summary>
[Collection(PostgresCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InitialUsersTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Ensure_NoUsersConfigured_MakesTwoAccountsOnceThatSignIn()
    {
        using var folder = new TempFolder();
        var empty = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Security:Mode"] = "Users" }).Build();

        var first = InitialUsers.Ensure(folder.Path);
        var second = InitialUsers.Ensure(folder.Path);
        var (user, password) = Account(first.FilePath, "approver");
        await using var web = await WebTestApp.StartAsync(await postgres.CreateDatabaseAsync("initial_users"), first.Settings);
        using var signedIn = await web.Client(user, password).GetAsync("/hangfire");
        using var wrong = await web.Client(user, password + "x").GetAsync("/hangfire");

        Assert.True(InitialUsers.Needed(empty));
        Assert.False(InitialUsers.Needed(new ConfigurationBuilder().AddInMemoryCollection(TestUsers.Settings()).Build()));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(first.FilePath));
        Assert.Equal(Account(first.FilePath, "finance"), Account(second.FilePath, "finance")); // kept, not regenerated
        Assert.DoesNotContain(password, string.Join(";", first.Settings.Values), StringComparison.Ordinal); // hashes only
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    private static (string User, string Password) Account(string path, string user)
    {
        var line = File.ReadLines(path).Single(line => line.StartsWith(user + " ", StringComparison.Ordinal));
        return (user, line[(user.Length + 1)..]);
    }
}
