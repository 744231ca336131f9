using BulkRefunds.Host.Web.Security;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>Guessing passwords: after five wrong ones in a row a name is locked for five minutes, answered like any failure.</summary>
public sealed class UserDirectoryTests
{
    [Fact]
    public void Verify_FiveWrongPasswords_LockTheNameUntilTheWindowPasses()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero));
        var users = Directory(clock);

        var beforeLock = Enumerable.Range(0, UserDirectory.MaxFailures).Select(_ => users.Verify(TestUsers.Operator, "guess")).ToList();
        var rightWhileLocked = users.Verify(TestUsers.Operator, TestUsers.OperatorPassword);
        var otherUser = users.Verify(TestUsers.Viewer, TestUsers.ViewerPassword);
        clock.Advance(UserDirectory.LockFor);
        var rightAfterLock = users.Verify(TestUsers.Operator, TestUsers.OperatorPassword);

        Assert.All(beforeLock, Assert.Null);
        Assert.Null(rightWhileLocked);
        Assert.NotNull(otherUser);
        Assert.Equal(TestUsers.Operator, rightAfterLock?.Name);
    }

    [Fact]
    public void Verify_ASuccessBeforeTheFifthFailure_StartsCountingAgain()
    {
        var users = Directory(new FakeTimeProvider());

        for (var i = 0; i < UserDirectory.MaxFailures - 1; i++)
        {
            users.Verify(TestUsers.Operator, "guess");
        }

        Assert.NotNull(users.Verify(TestUsers.Operator, TestUsers.OperatorPassword));
        for (var i = 0; i < UserDirectory.MaxFailures - 1; i++)
        {
            users.Verify(TestUsers.Operator, "guess");
        }

        Assert.NotNull(users.Verify(TestUsers.Operator, TestUsers.OperatorPassword));
    }

    [Fact]
    public void Verify_FailuresOnInventedNames_AreNotRecordedSoTheyCannotPushALockOut()
    {
        var users = Directory(new FakeTimeProvider());
        for (var i = 0; i < UserDirectory.MaxFailures; i++)
        {
            users.Verify(TestUsers.Operator, "guess");
        }

        for (var i = 0; i < 20; i++)
        {
            users.Verify($"invented-{i}", "guess");
        }

        Assert.Equal(1, users.NamesWithFailures);
        Assert.Null(users.Verify(TestUsers.Operator, TestUsers.OperatorPassword));
    }

    private static UserDirectory Directory(TimeProvider clock)
    {
        var options = new SecurityOptions();
        var settings = TestUsers.Settings();
        foreach (var name in new[] { TestUsers.Operator, TestUsers.Viewer })
        {
            options.Users[name] = new UserAccountOptions { PasswordHash = settings[$"Security:Users:{name}:PasswordHash"]!, Roles = ["viewer", "operator"] };
        }

        return new UserDirectory(Options.Create(options), clock);
    }
}
