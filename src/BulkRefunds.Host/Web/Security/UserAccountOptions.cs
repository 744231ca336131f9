namespace BulkRefunds.Host.Web.Security;

/// <summary>One entry of <c>Security:Users:&lt;name&gt;</c>.</summary>
public sealed class UserAccountOptions
{
    /// <summary>ASP.NET Core Identity's PasswordHasher format, as printed by <c>bulkrefunds hash-password</c>.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>viewer and/or operator, as an array or one comma-separated string.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Never read as a password: bound only so that a plain-text password in configuration fails the start.</summary>
    public string? Password { get; set; }
}
