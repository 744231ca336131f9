using BulkRefunds.Staging;
using Microsoft.Extensions.Logging;

namespace BulkRefunds.Reports;

/// <summary>
/// The one door that finishes a manifest, for everyone who may be the last to touch it (the dispatch job, Cancel
/// remaining, the command line's runner): when none of its rows is open it is marked complete (once, guarded in SQL),
/// its report is written, and then every registered <see cref="CompletionReport"/> (the report of every release run
/// whose rows are now all final, registered by Releases).
/// </summary>
/// <remarks>
/// Lives in Reports, the end of the flow: it reads row state and writes reports, and reaches no room after it — rooms
/// beside or after it hand in their reports as <see cref="CompletionReport"/>s.
/// Completion is read from the rows, never from Hangfire job states.
/// </remarks>
public sealed class ManifestCompletion(
    ManifestStore manifests, ReportService reports, IEnumerable<CompletionReport> completionReports, TimeProvider timeProvider, ILogger<ManifestCompletion> logger)
{
    /// <summary>True when nothing of the manifest is open (it is complete and its reports are written); false otherwise.</summary>
    public async Task<bool> CompleteIfDoneAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        if (await manifests.CountOpenAsync(manifestId, cancellationToken) > 0)
        {
            return false;
        }

        // Written whenever nothing is open (not only by the caller that marked completion), so a retry after a
        // failed write still produces it; the same state always gives the same bytes.
        await manifests.TryMarkCompletedAsync(manifestId, timeProvider.GetUtcNow(), cancellationToken);
        var path = await reports.WriteAsync(manifestId, null, cancellationToken);
        logger.LogInformation("Manifest {ManifestId} complete; report {ReportPath}", manifestId, path);
        foreach (var completionReport in completionReports)
        {
            foreach (var written in await completionReport(manifestId, cancellationToken))
            {
                logger.LogInformation("Manifest {ManifestId}: also wrote {ReportPath}", manifestId, written);
            }
        }

        return true;
    }
}
