using System.Runtime.Versioning;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace BulkRefunds.Host.EmbeddedPostgres;

/// <summary>Creates a new cluster with a random superuser password, stored beside the data folder.</summary>
[UnsupportedOSPlatform("windows")]
internal static class ClusterInitializer
{
    private const string UrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static async Task InitializeAsync(
        ClusterPaths paths, PostgresBinaries binaries, ServerAccount account, ILogger logger, CancellationToken cancellationToken)
    {
        logger.LogInformation("Creating a new PostgreSQL cluster in {DataDirectory}", paths.DataDirectory);
        var password = RandomNumberGenerator.GetString(UrlSafe, 32);
        // Stored before initdb: a cluster must never exist without the file that holds its password.
        WriteOwnerOnly(paths.PasswordFile, password);
        var passwordInput = paths.PasswordFile + ".initdb";
        WriteOwnerOnly(passwordInput, password);
        try
        {
            Directory.CreateDirectory(paths.DataDirectory, OwnerOnly | UnixFileMode.UserExecute);
            // initdb reads its password file as the postgres account, so that copy is handed over too.
            await account.HandOverAsync([paths.DataDirectory, passwordInput], cancellationToken);
            await RunInitDbAsync(paths, binaries, account, passwordInput, logger, cancellationToken);
        }
        finally
        {
            File.Delete(passwordInput);
        }
    }

    private static async Task RunInitDbAsync(
        ClusterPaths paths, PostgresBinaries binaries, ServerAccount account, string passwordInput, ILogger logger, CancellationToken cancellationToken)
    {
        // Local socket connections (trust) are reachable only by the postgres account and root: the socket
        // sits inside the 0700 data folder. Everything else, including us, logs in over TCP with the password.
        string[] arguments =
        [
            "-D", paths.DataDirectory, "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
            "--pwfile=" + passwordInput, "-E", "UTF8",
        ];
        try
        {
            await account.RunAsync(binaries.InitDb, [.. arguments, "--locale=C.UTF-8"], cancellationToken);
        }
        catch (InvalidOperationException failure)
        {
            // Minimal images lack the C.UTF-8 locale; initdb has emptied the folder again, so retry without one.
            logger.LogWarning("initdb with locale C.UTF-8 failed, retrying with --no-locale: {Reason}", failure.Message);
            await account.RunAsync(binaries.InitDb, [.. arguments, "--no-locale"], cancellationToken);
        }
    }

    private static void WriteOwnerOnly(string path, string content)
    {
        // Deleting first makes UnixCreateMode apply: the secret is never on disk with wider permissions.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly };
        using var writer = new StreamWriter(path, options);
        writer.Write(content);
    }
}
