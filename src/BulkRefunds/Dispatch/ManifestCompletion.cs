using BulkRefunds.Staging;
using Microsoft.Extensions.Logging;

namespace BulkRefunds.Dispatch;

/// <summary>
/// The one door that finishes a manifest, for everyone who may be the last to touch it (the dispatch job, Cancel
/// remaining, the command line's runner): when none of its rows is open it is marked complete (once, guarded in SQL),
/// and every registered <see cref="CompletionReport"/> is written, in registration order: the manifest's own report
/// (registered by Reports), then the report of every release run whose rows are now all final (registered by Releases).
/// </summary>
/// <remarks>
/// Lives in Dispatch, where manifests finish; the rooms after it hand in their reports as <see cref="CompletionReport"/>s,
/// so it names none of them. Completion is read from the rows, never from Hangfire job states.
/// </remarks>
public sealed class ManifestCompletion(
    ManifestStore manifests, IEnumerable<CompletionReport> completionReports, TimeProvider timeProvider, ILogger<ManifestCompletion> logger)
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
        logger.LogInformation("Manifest {ManifestId} complete", manifestId);
        foreach (var completionReport in completionReports)
        {
            foreach (var written in await completionReport(manifestId, cancellationToken))
            {
                logger.LogInformation("Manifest {ManifestId}: wrote {ReportPath}", manifestId, written);
            }
        }

        return true;
    }
}
