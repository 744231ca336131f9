using BulkRefunds.Notifications;
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
    ManifestStore manifests, ReportService reports, IEnumerable<CompletionReport> completionReports, Notifier notifier, TimeProvider timeProvider,
    ILogger<ManifestCompletion> logger)
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
        var (path, summary) = await reports.WriteWithSummaryAsync(manifestId, null, cancellationToken);
        logger.LogInformation("Manifest {ManifestId} complete; report {ReportPath}", manifestId, path);
        // Raised by whoever gets here, after the report exists; its key (the completion's time: a retry that reopens rows
        // completes anew) keeps the many callers, and a retry after a crash, to one event per completion.
        if (summary.Timings.CompletedAt is { } completedAt)
        {
            await notifier.RaiseAsync(Completed(summary, path, completedAt), cancellationToken);
        }

        foreach (var completionReport in completionReports)
        {
            foreach (var written in await completionReport(manifestId, cancellationToken))
            {
                logger.LogInformation("Manifest {ManifestId}: also wrote {ReportPath}", manifestId, written);
            }
        }

        return true;
    }

    private NotificationEvent Completed(ReportSummary summary, string path, string completedAt) =>
        new(NotificationType.ManifestCompleted, summary.ManifestId, Notifier.Data(new
        {
            summary.FileName,
            summary.Rows,
            summary.RowsByStatus,
            summary.Currencies,
            summary.FailuresByErrorCode,
            CompletedAt = completedAt,
            ReportPath = path,
            ReportLink = notifier.Link($"/api/manifests/{summary.ManifestId:D}/report"),
        }), $"manifest.completed:{summary.ManifestId:D}:{completedAt}");
}
