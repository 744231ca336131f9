using BulkRefunds.Manifests;
using BulkRefunds.Staging;

namespace BulkRefunds.Host.Cli;

/// <summary>The verbs of the one executable. Anything after the verb's own options goes to configuration.</summary>
public static class CommandLine
{
    public const string Usage = """
        Usage:
          bulkrefunds run <manifest.csv> [--report <path>]   import, refund every row, write the reconciliation report
          bulkrefunds validate <manifest.csv>                check a file without staging it or calling Klarna; list every problem
          bulkrefunds import <manifest.csv>                  stage a file into the database without sending it; print its manifest id
          bulkrefunds report <manifest-id> [--out <path>] [--verify]
                                                             (re)write the report of a manifest from its current state;
                                                             --verify checks every refund against Klarna's GET order
          bulkrefunds release-stale [--dry-run]              the scheduled release sweep, now (--dry-run: list, GET only)
          bulkrefunds serve                                  Hangfire server, dashboard (/hangfire, sign-in required) and /health
          bulkrefunds hash-password                          read a password from stdin, print its hash for Security:Users:<name>:PasswordHash
        Configuration: appsettings.json < environment (Klarna__Accounts__default__Password, ConnectionStrings__BulkRefunds)
        < command line (--Klarna:TimeoutSeconds=10).
        Exit codes: 0 every row succeeded, 2 some row failed or was rejected, 1 the file was rejected or a fatal error.
        """;

    /// <summary>Verbs print their own lines; logging below warnings stays off unless the command line turns it up.</summary>
    internal const string QuietLogging = "--Logging:LogLevel:BulkRefunds=Warning";

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, eventArgs) =>
        {
            eventArgs.Cancel = true; // stop gracefully: rows in flight keep their keys and resume on the next run
            cancellation.Cancel();
        };
        try
        {
            return args switch
            {
                ["run", var path, .. var rest] => await RunCommand.ExecuteAsync(path, Option(rest, "--report", out var configArgs), configArgs, cancellation.Token),
                ["validate", var path, .. var rest] => await ValidateCommand.ExecuteAsync(path, rest, cancellation.Token),
                ["import", var path, .. var rest] => await ImportCommand.ExecuteAsync(path, rest, cancellation.Token),
                ["report", var id, .. var rest] when Guid.TryParse(id, out var manifestId) =>
                    await ReportCommand.ExecuteAsync(manifestId, Option(rest, "--out", out var configArgs), configArgs, cancellation.Token),
                ["release-stale", .. var rest] => await ReleaseStaleCommand.ExecuteAsync(rest, cancellation.Token),
                ["serve", .. var rest] => await ServeCommand.ExecuteAsync(rest, cancellation.Token),
                ["hash-password"] => await HashPasswordCommand.ExecuteAsync(Console.In, Console.Out, Console.Error, cancellation.Token),
                _ => PrintUsage(),
            };
        }
        catch (ManifestRejectedException rejected)
        {
            await Console.Error.WriteLineAsync($"File rejected: {rejected.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Stopped. Rows already sent keep their state; run the same command again to resume.");
            return 1;
        }
        catch (PostgresNotAvailableException missing)
        {
            await Console.Error.WriteLineAsync(missing.Message);
            return 1;
        }
        catch (Exception fatal) when (fatal is InvalidOperationException or Npgsql.NpgsqlException or IOException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            // An operator's terminal gets the cause, not a stack trace; the log has the rest.
            await Console.Error.WriteLineAsync($"Fatal: {fatal.Message}");
            return 1;
        }
    }

    private static int PrintUsage()
    {
        Console.Error.WriteLine(Usage);
        return 1;
    }

    private static string? Option(string[] args, string name, out string[] remaining)
    {
        var index = Array.IndexOf(args, name);
        if (index < 0 || index + 1 >= args.Length)
        {
            remaining = args;
            return null;
        }

        remaining = [.. args[..index], .. args[(index + 2)..]];
        return args[index + 1];
    }
}
