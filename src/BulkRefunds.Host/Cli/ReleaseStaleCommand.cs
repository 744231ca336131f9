using BulkRefunds.Audit;
using BulkRefunds.Releases;
using BulkRefunds.Reports;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// <c>bulkrefunds release-stale [--dry-run]</c>: the scheduled release sweep, now. With --dry-run it lists what it
/// would release and why, calling nothing but GET order.
/// </summary>
public static class ReleaseStaleCommand
{
    public static async Task<int> ExecuteAsync(bool dryRun, string[] configArgs, CancellationToken cancellationToken)
    {
        await using var app = await AppHost.CreateWorkerAsync([CommandLine.QuietLogging, .. configArgs], null, cancellationToken);
        if (dryRun)
        {
            var plan = await app.Services.GetRequiredService<ReleasePlanner>().PlanAsync(cancellationToken);
            foreach (var candidate in plan)
            {
                Console.WriteLine($"{(candidate.Release ? "would release" : "would skip   ")}  {candidate.Account}/{candidate.OrderId}  ({candidate.Source}): {candidate.Reason}");
            }

            Console.WriteLine($"{plan.Count(candidate => candidate.Release)} of {plan.Count} orders would be released. Nothing was sent.");
            return ExitCodes.Done;
        }

        await app.Host.StartAsync(cancellationToken);
        try
        {
            var sweep = await app.Services.GetRequiredService<ReleaseSweepJob>().SweepAsync("command", cancellationToken);
            await RecordAsync(app.Services.GetRequiredService<AuditTrail>(), sweep, cancellationToken);
            var summaries = new List<ReportSummary>();
            foreach (var manifestId in sweep.Manifests)
            {
                await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(manifestId, null, cancellationToken);
                var (report, summary) = await app.Services.GetRequiredService<ReportService>().WriteWithSummaryAsync(manifestId, null, cancellationToken);
                SummaryPrinter.Print(summary, report, Console.Out);
                summaries.Add(summary);
            }

            Console.WriteLine(sweep.Manifests.Count == 0 ? "No releases are due." : $"Released from {sweep.Manifests.Count} manifest(s).");
            var runReport = sweep.Report ?? await app.Services.GetRequiredService<ReleaseRunReport>().WriteIfFinishedAsync(sweep.RunId, cancellationToken);
            Console.WriteLine(runReport is null ? $"Release run {sweep.RunId}: some releases are still open; its report is written when they end."
                : $"Release run report: {runReport}");
            // A release that failed or could not be made needs a person, as a failed refund does.
            return ExitCodes.ForReports(summaries);
        }
        finally
        {
            await app.Host.StopAsync(CancellationToken.None);
        }
    }

    // An operator ran it (the recurring sweep is the schedule's, not an act of anyone's): one entry per manifest it
    // staged releases of, so each manifest's trail shows it, or one naming no manifest when nothing was due.
    private static async Task RecordAsync(AuditTrail audit, ReleaseSweepResult sweep, CancellationToken cancellationToken)
    {
        foreach (var manifestId in sweep.Manifests.DefaultIfEmpty())
        {
            var detail = manifestId == Guid.Empty ? $"release run {sweep.RunId}: no releases were due" : $"release run {sweep.RunId}: releases of this manifest staged for sending";
            await audit.RecordAsync(new AuditEntry(AuditAct.ReleaseStale, CliActor.Name, manifestId == Guid.Empty ? null : manifestId, null, detail),
                cancellationToken);
        }
    }
}
