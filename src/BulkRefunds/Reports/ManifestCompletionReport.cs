using BulkRefunds.Notifications;

namespace BulkRefunds.Reports;

/// <summary>
/// The manifest's own report, the first <see cref="Dispatch.CompletionReport"/> (AddReports runs before AddReleases):
/// writes the CSV and its summary, then raises <c>manifest.completed</c> with the summary's counts and amounts.
/// </summary>
public sealed class ManifestCompletionReport(ReportService reports, Notifier notifier)
{
    public async Task<IReadOnlyList<string>> WriteAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        var (path, summary) = await reports.WriteWithSummaryAsync(manifestId, null, cancellationToken);
        // Raised by whoever completes, after the report exists; its key (the completion's time: a retry that reopens rows
        // completes anew) keeps the many callers, and a retry after a crash, to one event per completion.
        if (summary.Timings.CompletedAt is { } completedAt)
        {
            await notifier.RaiseAsync(Completed(summary, path, completedAt), cancellationToken);
        }

        return [path];
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
