using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Security;

/// <summary>Checks the Security section at start. Messages name settings and users, never a hash or a password.</summary>
public sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add("Security:Mode must be Users or ProxyHeader.");
        }

        if (options.Mode == SecurityMode.ProxyHeader && (string.IsNullOrWhiteSpace(options.ProxyUserHeader) || string.IsNullOrWhiteSpace(options.ProxyRolesHeader)))
        {
            failures.Add("Security:ProxyUserHeader and Security:ProxyRolesHeader must name headers in ProxyHeader mode.");
        }

        if (options.SignInAttemptsPerMinute <= 0 || options.UploadsPerMinute <= 0)
        {
            failures.Add("Security:SignInAttemptsPerMinute and Security:UploadsPerMinute must be positive.");
        }

        foreach (var (user, account) in options.Users)
        {
            failures.AddRange(UserFailures(user, account));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Names that stand for a door, not a person: the anonymous loopback operator and the uploaders of the drop folder and
    // the release sweep. A person with one of them would be mistaken for that door by the four-eyes rule.
    private static readonly HashSet<string> ReservedNames = new(StringComparer.OrdinalIgnoreCase) { "local", "drop-folder", "release-sweep" };

    private static IEnumerable<string> UserFailures(string user, UserAccountOptions account)
    {
        if (ReservedNames.Contains(user))
        {
            yield return $"Security:Users:{user} uses a reserved name (local, drop-folder and release-sweep stand for doors, not people); choose another user name.";
        }

        if (account.Password is not null)
        {
            yield return $"Security:Users:{user}:Password is not allowed: configuration holds password hashes only (Security:Users:{user}:PasswordHash, from `bulkrefunds hash-password`).";
        }

        if (!PasswordHashes.LooksLikeHash(account.PasswordHash))
        {
            yield return $"Security:Users:{user}:PasswordHash is missing or is not a password hash; create one with `bulkrefunds hash-password`.";
        }

        var roles = Roles.Parse(account.Roles);
        if (roles.Count == 0 || roles.Any(role => !Roles.All.Contains(role)))
        {
            yield return $"Security:Users:{user}:Roles must be one or more of viewer, operator.";
        }
    }
}
