using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// The users of <c>Security:Users</c>, checked the same way for the login form and for HTTP Basic. After
/// <see cref="MaxFailures"/> wrong passwords in a row a name is locked for <see cref="LockFor"/>: guessing a password
/// over Basic would otherwise cost an attacker nothing but time. Locked, unknown and wrong all answer the same. Only
/// configured names are counted: the record is as small as the user list, so failing on invented names cannot crowd a
/// lock out of it.
/// </summary>
public sealed class UserDirectory
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, (string Hash, ConfiguredUser User, string Stamp)> users;
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset LockedUntil)> failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider timeProvider;

    // An unknown name is verified against this hash too, so it costs as much as a wrong password for a known one.
    private readonly string decoyHash = PasswordHashes.Hash(RandomNumberGenerator.GetHexString(32));

    public UserDirectory(IOptions<SecurityOptions> options, TimeProvider timeProvider)
    {
        this.timeProvider = timeProvider;
        users = options.Value.Users.ToDictionary(
            pair => pair.Key,
            pair => (pair.Value.PasswordHash, new ConfiguredUser(pair.Key, Roles.Parse(pair.Value.Roles)), StampOf(pair.Value.PasswordHash)),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The user when the name and password match, else null. Callers answer every failure with one message.</summary>
    public ConfiguredUser? Verify(string userName, string password) => Verify(userName, password, out _);

    /// <summary>As <see cref="Verify(string, string)"/>; <paramref name="lockedNow"/> says this failure locked the name.</summary>
    public ConfiguredUser? Verify(string userName, string password, out bool lockedNow)
    {
        lockedNow = false;
        var now = timeProvider.GetUtcNow();
        var locked = failures.TryGetValue(userName, out var record) && record.LockedUntil > now;
        var known = users.TryGetValue(userName, out var entry);
        var matches = PasswordHashes.Verify(known ? entry.Hash : decoyHash, password) && known;
        if (matches && !locked)
        {
            failures.TryRemove(userName, out _);
            return entry.User;
        }

        if (!locked && known)
        {
            var after = failures.AddOrUpdate(userName, _ => (1, DateTimeOffset.MinValue),
                (_, previous) => previous.Failures + 1 >= MaxFailures ? (0, now + LockFor) : (previous.Failures + 1, previous.LockedUntil));
            lockedNow = after.LockedUntil > now;
        }

        return null;
    }

    /// <summary>The user as configured now, for re-checking a sign-in cookie issued earlier.</summary>
    public ConfiguredUser? Find(string userName) => users.TryGetValue(userName, out var entry) ? entry.User : null;

    /// <summary>
    /// The user's security stamp: derived from the configured password hash, so a new password (a new hash) turns every
    /// cookie issued before it away. Null for a name that is not configured.
    /// </summary>
    public string? Stamp(string userName) => users.TryGetValue(userName, out var entry) ? entry.Stamp : null;

    /// <summary>How many names have failures on record (at most the configured users).</summary>
    public int NamesWithFailures => failures.Count;

    // Not the hash itself: the cookie is readable by whoever holds the keys, and a hash is worth guessing against.
    private static string StampOf(string passwordHash) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("BulkRefunds.SecurityStamp:" + passwordHash)));
}
