using System.Runtime.Versioning;
using Microsoft.Extensions.Logging;

namespace BulkRefunds.Host.EmbeddedPostgres;

/// <summary>
/// initdb and postgres refuse to run as root, so as root every server command runs as the postgres account
/// (created by the distribution's postgresql package) and the files the server writes are handed over to it.
/// </summary>
internal sealed class ServerAccount(bool isRoot)
{
    private const string ServerUser = "postgres";

    // Environment.UserName resolves the effective uid (getpwuid(geteuid())) on Unix.
    public static ServerAccount Current() => new(Environment.UserName == "root");

    public Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        isRoot
            ? ExternalProcess.RunAsync("runuser", ["-u", ServerUser, "--", tool, .. arguments], cancellationToken)
            : ExternalProcess.RunAsync(tool, arguments, cancellationToken);

    public async Task HandOverAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (isRoot)
        {
            await ExternalProcess.RunAsync("chown", ["-R", ServerUser + ":", .. paths], cancellationToken);
        }
    }

    /// <summary>
    /// The server must reach its data folder through every parent; mkdtemp folders (0700) and /root block it.
    /// Adding o+x lets it pass through without being able to list or read anything there.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public void EnsureTraversable(string directory, ILogger logger)
    {
        for (var current = new DirectoryInfo(directory); isRoot && current is not null; current = current.Parent)
        {
            var mode = File.GetUnixFileMode(current.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                logger.LogInformation("Allowing the postgres account to traverse {Directory} (chmod o+x)", current.FullName);
                File.SetUnixFileMode(current.FullName, mode | UnixFileMode.OtherExecute);
            }
        }
    }
}
