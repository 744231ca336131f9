namespace BulkRefunds.Notifications;

/// <summary>The event types, as sent in the body's <c>type</c> and kept in <c>notification_event.type</c>.</summary>
public static class NotificationType
{
    public const string ManifestAwaitingApproval = "manifest.awaiting_approval";
    public const string ManifestCompleted = "manifest.completed";
    public const string RowsNeedReview = "rows.needs_review";
    public const string JobFailed = "job.failed";
    public const string ReleaseRunCompleted = "release_run.completed";
}
