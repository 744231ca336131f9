using System.Security.Cryptography;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// The embedded default of <c>serve</c>: with no <c>Security:Users</c> configured, two sign-in accounts are made —
/// <c>finance</c> (uploads) and <c>approver</c> (approves: the four-eyes rule needs a second person) — with random
/// passwords kept in a 0600 file beside the private database, never printed or logged. They serve loopback only.
/// </summary>
public sealed record InitialUsers(string FilePath, IReadOnlyDictionary<string, string?> Settings)
{
    public const string FileName = "initial-users.txt";
    public static readonly string[] Names = ["finance", "approver"];

    /// <summary>True when serve would otherwise have nobody who can sign in.</summary>
    public static bool Needed(IConfiguration configuration) =>
        (configuration["Security:Mode"] is null or "" || string.Equals(configuration["Security:Mode"], nameof(SecurityMode.Users), StringComparison.OrdinalIgnoreCase))
        && !configuration.GetSection("Security:Users").GetChildren().Any();

    /// <summary>Reads the accounts from <paramref name="folder"/>, making them the first time; returns their settings.</summary>
    public static InitialUsers Ensure(string folder)
    {
        var path = Path.Combine(Directory.CreateDirectory(folder).FullName, FileName);
        if (!File.Exists(path))
        {
            var lines = Names.Select(name => $"{name} {Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_')}");
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // readable by this account only
            }

            using (var file = new FileStream(path, create))
            using (var writer = new StreamWriter(file))
            {
                writer.WriteLine("# Sign-in accounts made by `bulkrefunds serve` because Security:Users is empty (loopback only).");
                writer.WriteLine("# Replace them with your own users (see `bulkrefunds hash-password`). Format: <user> <password>");
                foreach (var line in lines)
                {
                    writer.WriteLine(line);
                }
            }
        }

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in File.ReadLines(path).Where(line => line.Length > 0 && line[0] != '#'))
        {
            var (name, password) = line.Split(' ', 2) is [var user, var secret] ? (user, secret) : throw new InvalidDataException($"{path}: a line is not '<user> <password>'.");
            settings[$"Security:Users:{name}:PasswordHash"] = PasswordHashes.Hash(password);
            settings[$"Security:Users:{name}:Roles"] = $"{Roles.Viewer},{Roles.Operator}";
        }

        return new InitialUsers(path, settings);
    }
}
