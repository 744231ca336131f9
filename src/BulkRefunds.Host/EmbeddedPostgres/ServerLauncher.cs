using System.Globalization;
using System.Text;

namespace BulkRefunds.Host.EmbeddedPostgres;

/// <summary>pg_ctl start/stop for a cluster folder, as the account that owns it.</summary>
internal static class ServerLauncher
{
    public static async Task StartAsync(
        ClusterPaths paths, PostgresBinaries binaries, ServerAccount account, int port, LocalPostgresOptions options, CancellationToken cancellationToken)
    {
        await using (File.Open(paths.LogFile, FileMode.Append))
        {
            // Created by us so that, as root, it can be handed to the server in a folder the server cannot write.
        }

        await account.HandOverAsync([paths.LogFile], cancellationToken);
        string[] arguments =
        [
            "start", "-w", "-t", "60", "-D", paths.DataDirectory, "-l", paths.LogFile, "-o", ServerOptions(paths, port, options),
        ];
        try
        {
            await account.RunAsync(binaries.PgCtl, arguments, cancellationToken);
        }
        catch (InvalidOperationException failure)
        {
            throw new InvalidOperationException($"{failure.Message}{Environment.NewLine}{paths.LogTail()}", failure);
        }
    }

    public static Task StopAsync(ClusterPaths paths, PostgresBinaries binaries, ServerAccount account, CancellationToken cancellationToken) =>
        account.RunAsync(binaries.PgCtl, ["stop", "-m", "fast", "-w", "-t", "60", "-D", paths.DataDirectory], cancellationToken);

    // pg_ctl hands -o to /bin/sh, hence the shell quoting of the one path in it.
    private static string ServerOptions(ClusterPaths paths, int port, LocalPostgresOptions options)
    {
        var socketDirectory = SocketDirectoryFits(paths.DataDirectory) ? paths.DataDirectory : string.Empty;
        var arguments = new List<string>
        {
            "-p", port.ToString(CultureInfo.InvariantCulture), "-c", "listen_addresses=127.0.0.1",
            // A test run builds hosts by the hundred, and Hangfire's long polling keeps a few connections per host open.
            "-c", options.Durable ? "max_connections=200" : "max_connections=500",
            "-k", "'" + socketDirectory.Replace("'", @"'\''", StringComparison.Ordinal) + "'",
        };
        if (!options.Durable)
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }

        return string.Join(' ', arguments);
    }

    // The socket lives in the data folder because /var/run/postgresql may be missing or not ours. Socket paths
    // are capped near 104 bytes (macOS) including "/.s.PGSQL.<port>"; a deeper folder gets no socket (empty -k),
    // which is fine because every client here connects over TCP.
    private static bool SocketDirectoryFits(string directory) => Encoding.UTF8.GetByteCount(directory) <= 80;
}
