using System.Text.Json.Nodes;

namespace BulkRefunds.Notifications;

/// <summary>
/// What a room reports: its type, the manifest it concerns, the body's <c>data</c>, and — for an act that may be seen
/// more than once (a completion re-read after a crash) — a key that makes a second raise of the same act a no-op.
/// </summary>
public sealed record NotificationEvent(string Type, Guid? ManifestId, JsonObject Data, string? DedupKey = null);
