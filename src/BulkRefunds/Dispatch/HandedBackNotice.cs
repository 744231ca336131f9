using BulkRefunds.Notifications;

namespace BulkRefunds.Dispatch;

/// <summary>
/// <c>manifest.awaiting_approval</c> for a manifest that took a return over from a cancelled one (HandBackStore): by the
/// cancel itself, or later, when a row of the cancelled manifest failed (proven not applied). One event per pair.
/// </summary>
public static class HandedBackNotice
{
    public static NotificationEvent For(Guid heldManifest, Guid cancelledManifest, string? cancelledBy) =>
        new(NotificationType.ManifestAwaitingApproval, heldManifest,
            Notifier.Data(new { Reason = "took_over_returns", CancelledManifestId = cancelledManifest, CancelledBy = cancelledBy }),
            $"manifest.awaiting_approval:{heldManifest:D}:took-over-from:{cancelledManifest:D}");
}
