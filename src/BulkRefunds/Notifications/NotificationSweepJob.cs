using Hangfire;

namespace BulkRefunds.Notifications;

/// <summary>
/// Recurring (every minute): enqueues the deliveries whose job was never enqueued — the process died between the act's
/// commit and the enqueue, or Hangfire's storage was unreachable then. A minute's grace keeps it off deliveries that are
/// being enqueued right now; a second job for one delivery would be harmless anyway (it is claimed, then marked).
/// </summary>
public sealed class NotificationSweepJob(NotificationStore store, Notifier notifier, TimeProvider timeProvider)
{
    public const string RecurringJobId = "notification-sweep";

    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(1);

    [AutomaticRetry(Attempts = 0)] // the next minute's run is the retry
    [JobDisplayName("Notification sweep: enqueue deliveries that were never enqueued")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var stale = await store.UnenqueuedAsync(timeProvider.GetUtcNow() - Grace, cancellationToken);
        foreach (var delivery in stale.GroupBy(delivery => delivery.EventId))
        {
            await notifier.EnqueueAsync(new RaisedEvent(delivery.Key, [.. delivery.Select(d => d.Target)]), cancellationToken);
        }
    }
}
