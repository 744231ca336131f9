namespace BulkRefunds.Notifications;

/// <summary>An event written to the outbox and the targets it is to be delivered to (enqueued after the commit).</summary>
public sealed record RaisedEvent(Guid EventId, IReadOnlyList<string> Targets);
