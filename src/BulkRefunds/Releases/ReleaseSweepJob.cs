using System.Globalization;
using System.Text;
using BulkRefunds.Dispatch;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Releases;

/// <summary>
/// Recurring (cron and zone from <c>Releases</c>): release rows whose <c>not_before</c> day has come are staged and
/// their manifests dispatched; with AutoReleaseAfterDays, stale refunded orders are written as a release manifest of
/// their own (its report is the run's release report). Every release goes through dispatch like any row — its own
/// stored key, preflight turning an order with nothing left into <c>not_releasable</c> — so overlapping sweeps cannot
/// release twice: staging is a guarded state change, the auto-release file of a day is one manifest (same bytes),
/// an order already released elsewhere is a duplicate, and sending is claimed by row state.
/// </summary>
public sealed class ReleaseSweepJob(ReleaseRunStore runs, ReleaseRunReport runReport, ReleasePlanner planner, ManifestImporter importer, DispatchQueue dispatch,
    IOptions<ReleaseOptions> options, IOptions<ReportOptions> reports, TimeProvider timeProvider, ILogger<ReleaseSweepJob> logger)
{
    public const string RecurringJobId = "release-sweep";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Release sweep: release authorizations that are due")]
    public async Task RunAsync(CancellationToken cancellationToken) => await SweepAsync("schedule", cancellationToken);

    /// <summary>Runs the sweep as a new run (its release report is written when its releases are final).</summary>
    public async Task<ReleaseSweepResult> SweepAsync(string startedBy, CancellationToken cancellationToken)
    {
        var today = options.Value.Today(timeProvider);
        var runId = Guid.CreateVersion7(timeProvider.GetUtcNow());
        await runs.StartAsync(new ReleaseRunRecord(runId, timeProvider.GetUtcNow().UtcDateTime, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), startedBy), cancellationToken);
        var dispatched = new List<Guid>(await runs.StageDueReleasesAsync(runId, today, cancellationToken));
        var afterDays = options.Value.AutoReleaseAfterDays;
        var stale = (await planner.StaleAsync(afterDays, cancellationToken)).Where(candidate => candidate.Release).ToList();
        if (stale.Count > 0)
        {
            // The manifest keeps the threshold it was planned with: dispatch checks staleness against it again when it sends
            // each release, whatever the sending worker's own Releases:AutoReleaseAfterDays is.
            var import = await importer.ImportAsync(WriteAutoReleaseFile(today, stale), ClaimedRow.AutoReleaseUploader,
                new ImportOptions(AutoReleaseAfterDays: afterDays), cancellationToken);
            await runs.TagManifestAsync(runId, import.Manifest.ManifestId, cancellationToken);
            dispatched.Add(import.Manifest.ManifestId);
        }

        foreach (var manifestId in dispatched.Distinct())
        {
            dispatch.Enqueue(manifestId);
        }

        // A run that staged nothing is final at once; its (empty) report shows the sweep ran.
        var report = await runReport.WriteIfFinishedAsync(runId, cancellationToken);
        logger.LogInformation("Release sweep {RunId} for {Today}: {Manifests} manifests with releases to send", runId, today, dispatched.Count);
        return new ReleaseSweepResult(runId, dispatched.Distinct().ToList(), report);
    }

    // One file per day and set of orders: the same sweep twice imports the same bytes, hence the same manifest.
    private string WriteAutoReleaseFile(DateOnly today, IReadOnlyList<ReleaseCandidate> stale)
    {
        var folder = OwnerOnlyFiles.CreateDirectory(Path.Combine(reports.Value.Directory, "releases"));
        var text = new StringBuilder("action,account,order_id,reference\n");
        foreach (var candidate in stale.OrderBy(c => c.Account, StringComparer.Ordinal).ThenBy(c => c.OrderId, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"release,{candidate.Account},{candidate.OrderId},AUTO-RELEASE-{today:yyyyMMdd}\n");
        }

        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"auto-release_{today:yyyy-MM-dd}_{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..8]}.csv"));
        using (var file = new FileStream(path, OwnerOnlyFiles.Create(FileMode.Create)))
        {
            file.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }

        return path;
    }
}

/// <summary>What a sweep run did: the manifests it dispatched, and its report if it was final at once.</summary>
public sealed record ReleaseSweepResult(Guid RunId, IReadOnlyList<Guid> Manifests, string? Report);
