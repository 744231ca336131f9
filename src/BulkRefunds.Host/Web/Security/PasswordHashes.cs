using Microsoft.AspNetCore.Identity;

namespace BulkRefunds.Host.Web.Security;

/// <summary>ASP.NET Core Identity's password hash format (PBKDF2 with a per-hash salt), without the rest of Identity.</summary>
public static class PasswordHashes
{
    // The default hasher ignores the user argument; a marker type keeps the generic honest.
    private static readonly PasswordHasher<ConfiguredUser> Hasher = new();

    public static string Hash(string password) => Hasher.HashPassword(Nobody, password);

    public static bool Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(Nobody, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;

    /// <summary>Identity's v2 (0x00, 49 bytes) or v3 (0x01 + header) layout, so a plain-text value is refused at start.</summary>
    public static bool LooksLikeHash(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        var bytes = new byte[value.Length];
        if (!Convert.TryFromBase64String(value, bytes, out var length))
        {
            return false;
        }

        return (bytes[0] == 0x00 && length == 49) || (bytes[0] == 0x01 && length >= 13 + 16);
    }

    private static readonly ConfiguredUser Nobody = new("", []);
}
