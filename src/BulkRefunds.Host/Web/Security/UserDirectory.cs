using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Security;

/// <summary>The users of <c>Security:Users</c>, checked the same way for the login form and for HTTP Basic.</summary>
public sealed class UserDirectory
{
    private readonly Dictionary<string, (string Hash, ConfiguredUser User)> users;

    // An unknown name is verified against this hash too, so it costs as much as a wrong password for a known one.
    private readonly string decoyHash = PasswordHashes.Hash(RandomNumberGenerator.GetHexString(32));

    public UserDirectory(IOptions<SecurityOptions> options) =>
        users = options.Value.Users.ToDictionary(
            pair => pair.Key,
            pair => (pair.Value.PasswordHash, new ConfiguredUser(pair.Key, Roles.Parse(pair.Value.Roles))),
            StringComparer.OrdinalIgnoreCase);

    /// <summary>The user when the name and password match, else null. Callers answer both failures with one message.</summary>
    public ConfiguredUser? Verify(string userName, string password)
    {
        if (!users.TryGetValue(userName, out var entry))
        {
            PasswordHashes.Verify(decoyHash, password);
            return null;
        }

        return PasswordHashes.Verify(entry.Hash, password) ? entry.User : null;
    }

    /// <summary>The user as configured now, for re-checking a sign-in cookie issued earlier.</summary>
    public ConfiguredUser? Find(string userName) => users.TryGetValue(userName, out var entry) ? entry.User : null;
}
