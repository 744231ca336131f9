namespace BulkRefunds.Notifications;

/// <summary>An outbox row as a delivery reads it; <see cref="Payload"/> is the JSON text of the body's <c>data</c>.</summary>
public sealed record StoredEvent(Guid EventId, string Type, Guid? ManifestId, string Payload, DateTime CreatedAt);
