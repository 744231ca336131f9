using Dapper;
using Npgsql;

namespace BulkRefunds.Notifications;

/// <summary>The outbox (<c>notification_event</c>) and its deliveries (<c>notification_delivery</c>).</summary>
public sealed class NotificationStore(NpgsqlDataSource dataSource)
{
    private const string InsertEventSql = """
        INSERT INTO bulkrefunds.notification_event (event_id, type, manifest_id, dedup_key, payload, created_at)
        VALUES (@EventId, @Type, @ManifestId, @DedupKey, @Payload::jsonb, @CreatedAt)
        ON CONFLICT (dedup_key) DO NOTHING
        """;

    private const string InsertDeliveriesSql = """
        INSERT INTO bulkrefunds.notification_delivery (event_id, target)
        SELECT @EventId, target FROM unnest(@Targets) AS t(target)
        """;

    private const string FindEventSql = """
        SELECT event_id, type, manifest_id, payload::text AS payload, created_at
        FROM bulkrefunds.notification_event WHERE event_id = @EventId
        """;

    // Held for longer than one send may take, so a second job for the same delivery (a Hangfire retry racing a worker
    // that is still sending) finds it taken; after a crash the claim runs out and a retry may send it (once more).
    private const string ClaimSql = """
        UPDATE bulkrefunds.notification_delivery
        SET claimed_until = @Now + make_interval(secs => @HoldSeconds), attempts = attempts + 1
        WHERE event_id = @EventId AND target = @Target AND state = 'pending' AND (claimed_until IS NULL OR claimed_until < @Now)
        RETURNING state
        """;

    private const string MarkEnqueuedSql = """
        UPDATE bulkrefunds.notification_delivery SET enqueued_at = @Now WHERE event_id = @EventId AND target = ANY(@Targets)
        """;

    private const string UnenqueuedSql = """
        SELECT d.event_id, d.target
        FROM bulkrefunds.notification_delivery d
        JOIN bulkrefunds.notification_event e ON e.event_id = d.event_id
        WHERE d.state = 'pending' AND d.enqueued_at IS NULL AND e.created_at < @Before
        ORDER BY e.created_at
        LIMIT 1000
        """;

    private const string StateSql = "SELECT state FROM bulkrefunds.notification_delivery WHERE event_id = @EventId AND target = @Target";

    private const string MarkDeliveredSql = """
        UPDATE bulkrefunds.notification_delivery SET state = 'delivered', delivered_at = @Now, claimed_until = NULL, last_error = NULL
        WHERE event_id = @EventId AND target = @Target AND state = 'pending'
        """;

    private const string ReleaseSql = """
        UPDATE bulkrefunds.notification_delivery SET claimed_until = NULL, last_error = @Error
        WHERE event_id = @EventId AND target = @Target AND state = 'pending'
        """;

    /// <summary>Writes the event and its deliveries on the caller's transaction; false when its dedup key was already raised.</summary>
    public static async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid eventId, NotificationEvent notification,
        string payload, DateTimeOffset createdAt, IReadOnlyList<string> targets, CancellationToken cancellationToken)
    {
        var inserted = await connection.ExecuteAsync(new CommandDefinition(InsertEventSql, new
        {
            EventId = eventId, notification.Type, notification.ManifestId, notification.DedupKey, Payload = payload, CreatedAt = createdAt,
        }, transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return false;
        }

        if (targets.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertDeliveriesSql, new { EventId = eventId, Targets = targets.ToArray() },
                transaction, cancellationToken: cancellationToken));
        }

        return true;
    }

    public async Task MarkEnqueuedAsync(Guid eventId, IReadOnlyList<string> targets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(MarkEnqueuedSql, new { EventId = eventId, Targets = targets.ToArray(), Now = now },
            cancellationToken: cancellationToken));
    }

    /// <summary>Pending deliveries of events older than <paramref name="before"/> whose job was never enqueued.</summary>
    public async Task<IReadOnlyList<(Guid EventId, string Target)>> UnenqueuedAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<(Guid, string)>(new CommandDefinition(UnenqueuedSql, new { Before = before }, cancellationToken: cancellationToken))];
    }

    public async Task<StoredEvent?> FindAsync(Guid eventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<StoredEvent>(new CommandDefinition(FindEventSql, new { EventId = eventId }, cancellationToken: cancellationToken));
    }

    /// <summary>Takes the delivery for sending, or says why not: delivered already, unknown, or held by another worker.</summary>
    public async Task<DeliveryClaim> ClaimAsync(Guid eventId, string target, DateTimeOffset now, int holdSeconds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var claimed = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(ClaimSql,
            new { EventId = eventId, Target = target, Now = now, HoldSeconds = holdSeconds }, cancellationToken: cancellationToken));
        if (claimed is not null)
        {
            return DeliveryClaim.Claimed;
        }

        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(StateSql, new { EventId = eventId, Target = target }, cancellationToken: cancellationToken)) switch
        {
            null => DeliveryClaim.Unknown,
            "delivered" => DeliveryClaim.AlreadyDelivered,
            _ => DeliveryClaim.HeldElsewhere,
        };
    }

    public async Task MarkDeliveredAsync(Guid eventId, string target, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(MarkDeliveredSql, new { EventId = eventId, Target = target, Now = now }, cancellationToken: cancellationToken));
    }

    /// <summary>Gives the delivery back after a failed send, with a short reason (never a secret) for the operator.</summary>
    public async Task ReleaseAsync(Guid eventId, string target, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { EventId = eventId, Target = target, Error = error }, cancellationToken: cancellationToken));
    }
}
