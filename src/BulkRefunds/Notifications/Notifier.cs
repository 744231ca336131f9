using System.Text.Json;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BulkRefunds.Notifications;

/// <summary>
/// The one way a room reports an act: the event and one delivery row per configured target go into the outbox — in the
/// act's own transaction when it has one — and a Hangfire job per delivery is enqueued after the commit. Raising never
/// sends anything itself, so a slow or failing receiver never holds up the act (dispatch least of all).
/// </summary>
public sealed class Notifier(
    NpgsqlDataSource dataSource, NotificationStore store, IBackgroundJobClient jobs, IOptions<NotificationOptions> options, TimeProvider timeProvider, ILogger<Notifier> logger)
{
    /// <summary>Raises on a connection of its own and enqueues the deliveries; null when the event's dedup key was raised before.</summary>
    public async Task<RaisedEvent?> RaiseAsync(NotificationEvent notification, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var raised = await RaiseAsync(connection, null, notification, cancellationToken);
        await EnqueueAsync(raised, cancellationToken);
        return raised;
    }

    /// <summary>Writes the event on the caller's transaction; the caller calls <see cref="EnqueueAsync"/> once it has committed.</summary>
    public async Task<RaisedEvent?> RaiseAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, NotificationEvent notification,
        CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var eventId = Guid.CreateVersion7(now);
        var targets = options.Value.TargetNames();
        var inserted = await NotificationStore.InsertAsync(connection, transaction, eventId, notification,
            notification.Data.ToJsonString(), now, targets, cancellationToken);
        return inserted ? new RaisedEvent(eventId, targets) : null;
    }

    /// <summary>
    /// One delivery job per target, each then marked enqueued. The event is already committed: a failure here is logged,
    /// not thrown into the act, and the notification sweep enqueues what was not marked (a second job is harmless).
    /// </summary>
    public async Task EnqueueAsync(RaisedEvent? raised, CancellationToken cancellationToken)
    {
        if (raised is null || raised.Targets.Count == 0)
        {
            return;
        }

        var enqueued = new List<string>();
        foreach (var target in raised.Targets)
        {
            try
            {
                jobs.Enqueue<DeliverNotificationJob>(job => job.RunAsync(raised.EventId, target, CancellationToken.None));
                enqueued.Add(target);
            }
            catch (BackgroundJobClientException exception)
            {
                logger.LogWarning(exception, "Notification {EventId} is recorded but its delivery to {Target} could not be enqueued; the sweep will",
                    raised.EventId, target);
            }
        }

        try
        {
            await store.MarkEnqueuedAsync(raised.EventId, enqueued, timeProvider.GetUtcNow(), cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            logger.LogWarning(exception, "Notification {EventId}: its deliveries were enqueued but not marked; the sweep enqueues them again", raised.EventId);
        }
    }

    /// <summary>An address of <c>serve</c> as receivers should follow it: absolute under <c>Notifications:BaseUrl</c>, else the path.</summary>
    public string Link(string path) =>
        options.Value.BaseUrl is { Length: > 0 } baseUrl ? baseUrl.TrimEnd('/') + path : path;

    /// <summary>snake_case names, as in every body we send.</summary>
    public static System.Text.Json.Nodes.JsonObject Data(object value) =>
        JsonSerializer.SerializeToNode(value, DataJson)!.AsObject();

    private static readonly JsonSerializerOptions DataJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
