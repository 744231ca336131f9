using System.CommandLine;
using System.CommandLine.Invocation;
using System.Runtime.InteropServices;
using BulkRefunds.Host.EmbeddedPostgres;
using BulkRefunds.Manifests;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// The one executable: configuration overrides (<see cref="ConfigurationOverrides"/>) are taken out, the rest must parse
/// as one of the declared <see cref="Verbs"/> or nothing is done (exit 64), and the verbs' expected failures become one
/// line on stderr and an exit code of <see cref="ExitCodes"/>.
/// </summary>
public static class CommandLine
{
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
        // SIGTERM (systemd, docker stop, kill) stops a verb as Ctrl+C does, whether or not it started a host.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal =>
        {
            signal.Cancel = true;
            cancellation.Cancel();
        });
        var (configArgs, verbArgs) = ConfigurationOverrides.Split(args);
        // No response files: a manifest named "@returns.csv" is a file to import, not a list of arguments.
        var parsed = Verbs.Create(configArgs).Parse(verbArgs, new ParserConfiguration { ResponseFileTokenReplacer = null });
        // Our own Ctrl+C handler above stops the verb; exceptions come to the catch blocks below, not to a stack trace.
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        if (parsed.Action is ParseErrorAction refusal)
        {
            return await RefuseAsync(parsed, refusal, verbArgs.Length == 0, cancellation.Token);
        }

        try
        {
            return await parsed.InvokeAsync(invocation, cancellation.Token);
        }
        catch (ManifestRejectedException rejected)
        {
            await Console.Error.WriteLineAsync($"File rejected: {rejected.Message}");
            return ExitCodes.Fatal;
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("Stopped. Rows already sent keep their state; run the same command again to resume.");
            return ExitCodes.Interrupted;
        }
        catch (PostgresNotAvailableException missing)
        {
            await Console.Error.WriteLineAsync(missing.Message);
            return ExitCodes.Fatal;
        }
        catch (Exception fatal) when (fatal is InvalidOperationException or Npgsql.NpgsqlException or IOException or Microsoft.Extensions.Options.OptionsValidationException)
        {
            // An operator's terminal gets the cause, not a stack trace; the log has the rest.
            await Console.Error.WriteLineAsync($"Fatal: {fatal.Message}");
            return ExitCodes.Fatal;
        }
    }

    /// <summary>A command line we do not understand does nothing: it names what it did not understand and where help is.</summary>
    private static async Task<int> RefuseAsync(ParseResult parsed, ParseErrorAction refusal, bool showHelp, CancellationToken cancellationToken)
    {
        // The errors, "did you mean" corrections and (for a bare `bulkrefunds`) the help all go to stderr: stdout is for results.
        refusal.ShowHelp = showHelp;
        await parsed.InvokeAsync(new InvocationConfiguration { Output = Console.Error, ProcessTerminationTimeout = null }, cancellationToken);

        var verb = parsed.CommandResult.Command is RootCommand ? "" : parsed.CommandResult.Command.Name + " ";
        await Console.Error.WriteLineAsync($"Nothing was done. See `bulkrefunds {verb}--help`; configuration on the command line is written {ConfigurationOverrides.Form}.".AsMemory(), cancellationToken);
        return ExitCodes.Usage;
    }
}
