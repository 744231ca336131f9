using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Notifications;

/// <summary>
/// The Hangfire door for one delivery (event, target); Hangfire's retries are the delivery's retries. Idempotent on
/// (event id, target): a delivery marked delivered is never sent again, and one held by a worker that is sending it is
/// left alone. A worker that dies after the receiver accepted but before marking leaves it pending, so that delivery is
/// sent once more: receivers deduplicate on the event id (header <c>BulkRefunds-Event-Id</c>, body <c>id</c>).
/// </summary>
public sealed class DeliverNotificationJob(NotificationStore store, WebhookSender webhooks, EmailSender email, IOptions<NotificationOptions> options,
    TimeProvider timeProvider, ILogger<DeliverNotificationJob> logger)
{
    [AutomaticRetry(Attempts = 8, DelaysInSeconds = new[] { 10, 60, 300, 900, 1800, 3600, 7200, 14400 }, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Deliver notification {0} to {1}")]
    public async Task RunAsync(Guid eventId, string target, CancellationToken cancellationToken)
    {
        // Longer than one send may take (connect plus answer), so a live sender never loses its claim mid-send.
        var holdSeconds = (options.Value.TimeoutSeconds * 3) + 5;
        switch (await store.ClaimAsync(eventId, target, timeProvider.GetUtcNow(), holdSeconds, cancellationToken))
        {
            case DeliveryClaim.AlreadyDelivered or DeliveryClaim.Unknown:
                return;
            case DeliveryClaim.HeldElsewhere:
                // Retried later: delivered by then (done), or the holder died and its claim has run out (we send).
                throw new NotificationDeliveryException($"Notification {eventId} to {target} is being sent by another worker.");
        }

        var stored = await store.FindAsync(eventId, cancellationToken)
            ?? throw new InvalidOperationException($"Notification {eventId} has a delivery but no event.");
        try
        {
            await SendAsync(target, stored, cancellationToken);
        }
        catch (NotificationDeliveryException exception)
        {
            // Not the job's token: a shutdown mid-send must still give the delivery back for the next attempt.
            await store.ReleaseAsync(eventId, target, exception.Message, CancellationToken.None);
            logger.LogWarning("Notification {EventId} ({Type}) to {Target} failed: {Reason}", eventId, stored.Type, target, exception.Message);
            throw;
        }

        await store.MarkDeliveredAsync(eventId, target, timeProvider.GetUtcNow(), cancellationToken);
        logger.LogInformation("Notification {EventId} ({Type}) delivered to {Target}", eventId, stored.Type, target);
    }

    private Task SendAsync(string target, StoredEvent stored, CancellationToken cancellationToken) => target switch
    {
        EmailTarget.Name => email.SendAsync(stored, cancellationToken),
        _ when target.StartsWith(WebhookTarget.Prefix, StringComparison.Ordinal) =>
            webhooks.SendAsync(target[WebhookTarget.Prefix.Length..], stored, cancellationToken),
        _ => throw new NotificationDeliveryException($"Unknown notification target '{target}'."),
    };
}
