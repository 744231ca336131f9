using System.CommandLine;
using BulkRefunds.Dispatch;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// Every verb and option of <c>bulkrefunds</c>, declared. Each action receives the configuration overrides that
/// <see cref="ConfigurationOverrides"/> took out of the command line before parsing.
/// </summary>
public static class Verbs
{
    public static RootCommand Create(string[] configArgs) =>
        new(
            "Refunds (or releases) the rows of a return manifest through Klarna's Order Management API, once each, and reports on every row.\n" +
            $"Configuration: appsettings.json < environment (Klarna__Accounts__default__Password, ConnectionStrings__BulkRefunds) < command line ({ConfigurationOverrides.Form}, e.g. --Klarna:TimeoutSeconds=10).\n" +
            $"Exit codes: {ExitCodes.Done} all done, {ExitCodes.RowsNeedAttention} some rows need attention, {ExitCodes.AwaitingApproval} nothing sent: awaiting approval, " +
            $"{ExitCodes.Usage} usage error, {ExitCodes.Interrupted} interrupted, {ExitCodes.Fatal} the file was rejected or a fatal error (README.md, \"Exit codes\").")
        {
            Run(configArgs),
            Validate(configArgs),
            Import(configArgs),
            Report(configArgs),
            Resolve(configArgs),
            ReleaseStale(configArgs),
            Audit(configArgs),
            Settlements(configArgs),
            Serve(configArgs),
            HashPassword(),
        };

    private static Command Run(string[] configArgs)
    {
        var manifest = ManifestArgument();
        var report = Once(new Option<string>("--report") { Description = "where to write the report (default: Reports:Directory)", HelpName = "path" });
        var command = new Command("run", "Import a manifest, refund every row, wait until every row is final, write the reconciliation report. " +
            "Running the same file again resumes that manifest and never sends a row twice.") { manifest, report };
        command.SetAction((parsed, cancellationToken) =>
            RunCommand.ExecuteAsync(parsed.GetRequiredValue(manifest), parsed.GetValue(report), configArgs, cancellationToken));
        return command;
    }

    private static Command Validate(string[] configArgs)
    {
        var manifest = ManifestArgument();
        var format = Once(new Option<string>("--format")
        {
            Description = "table (default): line, column, value and problem for a person; json: every problem, for scripts",
            DefaultValueFactory = _ => ValidateCommand.TableFormat,
        });
        format.AcceptOnlyFromAmong(ValidateCommand.TableFormat, ValidateCommand.JsonFormat);
        var command = new Command("validate", "Check a manifest without a database or Klarna and list every problem.") { manifest, format };
        command.SetAction((parsed, cancellationToken) =>
            ValidateCommand.ExecuteAsync(parsed.GetRequiredValue(manifest), parsed.GetRequiredValue(format), configArgs, cancellationToken));
        return command;
    }

    private static Command Import(string[] configArgs)
    {
        var manifest = ManifestArgument();
        var command = new Command("import", "Stage a manifest into the database without sending it; print its manifest id.") { manifest };
        command.SetAction((parsed, cancellationToken) => ImportCommand.ExecuteAsync(parsed.GetRequiredValue(manifest), configArgs, cancellationToken));
        return command;
    }

    private static Command Report(string[] configArgs)
    {
        var manifestId = new Argument<Guid>("manifest-id") { Description = "the manifest's id, as printed by run or import" };
        var output = Once(new Option<string>("--out") { Description = "where to write the report (default: Reports:Directory)", HelpName = "path" });
        var verify = Once(new Option<bool>("--verify") { Description = "check every recorded refund against Klarna's GET order" });
        var command = new Command("report", "(Re)write a manifest's report and summary from its current state.") { manifestId, output, verify };
        command.SetAction((parsed, cancellationToken) => ReportCommand.ExecuteAsync(
            parsed.GetRequiredValue(manifestId), parsed.GetValue(output), parsed.GetValue(verify), configArgs, cancellationToken));
        return command;
    }

    private static Command Resolve(string[] configArgs)
    {
        var manifestId = new Argument<Guid>("manifest-id") { Description = "the manifest's id, as printed by run or import" };
        var line = Once(new Option<int>("--line") { Description = "the row's line number in the file", HelpName = "N", Required = true });
        var refunded = Once(new Option<string>("--refunded") { Description = "Klarna's portal shows the refund: its refund id", HelpName = "refund-id" });
        var released = Once(new Option<bool>("--released") { Description = "a release the portal shows applied (no refund id)" });
        var notApplied = Once(new Option<bool>("--not-applied") { Description = "the portal shows it was not applied: the row fails, safe to retry or re-upload" });
        var confirm = Once(new Option<bool>("--confirm") { Description = "confirm the resolution another operator recorded" });
        var reject = Once(new Option<bool>("--reject") { Description = "reject (clear) the resolution awaiting confirmation" });
        var comment = Once(new Option<string>("--comment") { Description = "what you found (required to resolve)", HelpName = "text" });
        var command = new Command("resolve", "Resolve a needs_review row by hand with what Klarna's portal shows (docs/operators.md). " +
            "Refused under Approval:FourEyes: use the Manifests page or the API as a named operator.")
            { manifestId, line, refunded, released, notApplied, confirm, reject, comment };
        command.Validators.Add(result =>
        {
            var acts = (result.GetValue(refunded) is null ? 0 : 1) + (result.GetValue(released) ? 1 : 0) + (result.GetValue(notApplied) ? 1 : 0)
                + (result.GetValue(confirm) ? 1 : 0) + (result.GetValue(reject) ? 1 : 0);
            if (acts != 1)
            {
                result.AddError("Give exactly one of --refunded <refund-id>, --released, --not-applied, --confirm or --reject.");
            }
        });
        command.SetAction((parsed, cancellationToken) => ResolveCommand.ExecuteAsync(parsed.GetRequiredValue(manifestId), parsed.GetValue(line),
            new ResolveAct(parsed.GetValue(notApplied) ? ResolutionOutcome.NotApplied : ResolutionOutcome.Refunded, parsed.GetValue(refunded),
                parsed.GetValue(confirm), parsed.GetValue(reject)),
            parsed.GetValue(comment), configArgs, cancellationToken));
        return command;
    }

    private static Command ReleaseStale(string[] configArgs)
    {
        var dryRun = Once(new Option<bool>("--dry-run") { Description = "list what would be released and why, calling nothing but GET order" });
        var command = new Command("release-stale", "Run the scheduled release sweep now, as a release run; print the path of its release report.") { dryRun };
        command.SetAction((parsed, cancellationToken) => ReleaseStaleCommand.ExecuteAsync(parsed.GetValue(dryRun), configArgs, cancellationToken));
        return command;
    }

    private static Command Audit(string[] configArgs)
    {
        var manifest = Once(new Option<Guid?>("--manifest") { Description = "the trail of this manifest", HelpName = "manifest-id" });
        var from = Once(new Option<string>("--from") { Description = "the first UTC day of entries to export", HelpName = "YYYY-MM-DD" });
        var to = Once(new Option<string>("--to") { Description = "the last UTC day of entries to export (included)", HelpName = "YYYY-MM-DD" });
        var command = new Command("audit", "Write the audit trail of operator acts as CSV to stdout: a manifest's, or every entry recorded from one day to another.")
            { manifest, from, to };
        command.Validators.Add(result =>
        {
            var days = (result.GetValue(from), result.GetValue(to));
            var byManifest = result.GetValue(manifest) is not null;
            if (byManifest ? days != (null, null) : !AuditCommand.IsDay(days.Item1) || !AuditCommand.IsDay(days.Item2) || string.CompareOrdinal(days.Item1, days.Item2) > 0)
            {
                result.AddError($"Give --manifest <id>, or --from and --to as {AuditCommand.DayFormat} with from not after to.");
            }
        });
        command.SetAction((parsed, cancellationToken) => AuditCommand.ExecuteAsync(
            parsed.GetValue(manifest), parsed.GetValue(from), parsed.GetValue(to), configArgs, cancellationToken));
        return command;
    }

    private static Command Settlements(string[] configArgs)
    {
        var from = Once(new Option<string>("--from") { Description = "first payout day, UTC (default: the latest ingested payout minus Settlements:OverlapDays)", HelpName = "YYYY-MM-DD" });
        var to = Once(new Option<string>("--to") { Description = "last payout day, UTC, whole (default: now)", HelpName = "YYYY-MM-DD" });
        var account = Once(new Option<string>("--account") { Description = "one Klarna account (default: every configured account)", HelpName = "name" });
        from.Validators.Add(result => Day(result, from));
        to.Validators.Add(result => Day(result, to));
        var command = new Command("settlements", "Fetch Klarna's payouts, match their returns to our refunds and write the settlement report; " +
            "exit 2 when a refund is overdue or settled at another amount, or a return matches none of ours.") { from, to, account };
        command.SetAction((parsed, cancellationToken) => SettlementsCommand.ExecuteAsync(
            ParseDay(parsed.GetValue(from)), ParseDay(parsed.GetValue(to)), parsed.GetValue(account), configArgs, cancellationToken));
        return command;
    }

    private static void Day(System.CommandLine.Parsing.OptionResult result, Option<string> option)
    {
        if (result.GetValueOrDefault<string>() is { } text && ParseDay(text) is null)
        {
            result.AddError($"Option '{option.Name}' must be a day as YYYY-MM-DD, not '{text}'.");
        }
    }

    private static DateOnly? ParseDay(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) ? day : null;

    private static Command Serve(string[] configArgs)
    {
        var urls = Once(new Option<string>("--urls") { Description = "where to listen, ';'-separated (like ASPNETCORE_URLS; default: Serve:Urls)", HelpName = "urls" });
        var command = new Command("serve", "The Hangfire server with the dashboard (/hangfire, sign-in required), /health, the recovery and release " +
            "sweeps and the drop folder. Listens on Kestrel:Endpoints, --urls, ASPNETCORE_URLS or Serve:Urls (loopback only until sign-in is configured).") { urls };
        // --urls=… is ASP.NET Core's own command-line setting: handed to the host as such, it outranks ASPNETCORE_URLS.
        command.SetAction((parsed, cancellationToken) => ServeCommand.ExecuteAsync(
            parsed.GetValue(urls) is { } value ? [.. configArgs, $"--urls={value}"] : configArgs, cancellationToken));
        return command;
    }

    private static Command HashPassword()
    {
        var command = new Command("hash-password", "Read one password line from stdin; print its hash for Security:Users:<name>:PasswordHash.");
        command.SetAction((_, cancellationToken) => HashPasswordCommand.ExecuteAsync(Console.In, Console.Out, Console.Error, cancellationToken));
        return command;
    }

    /// <summary>An option given twice is refused: `--dry-run=false --dry-run` must not quietly mean either.</summary>
    private static T Once<T>(T option)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            if (result.IdentifierTokenCount > 1)
            {
                result.AddError($"Option '{option.Name}' was given {result.IdentifierTokenCount} times; give it once.");
            }
        });
        return option;
    }

    private static Argument<string> ManifestArgument() => new("manifest.csv") { Description = "the manifest file (CSV, docs/manifest-format.md)" };
}
