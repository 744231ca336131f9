using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BulkRefunds.Notifications;

/// <summary>The e-mail's subject and plain-text body: the same facts as the webhook body, for a person.</summary>
public static class NotificationText
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Subject(StoredEvent stored) =>
        JsonNode.Parse(stored.Payload)?["file_name"]?.GetValue<string>() is { } fileName
            ? $"BulkRefunds: {stored.Type} ({fileName})"
            : $"BulkRefunds: {stored.Type}";

    public static string Body(StoredEvent stored) => new StringBuilder()
        .AppendLine($"BulkRefunds event {stored.Type}")
        .AppendLine($"Event id:    {stored.EventId:D}")
        .AppendLine($"Manifest:    {stored.ManifestId?.ToString("D") ?? "-"}")
        .AppendLine($"Occurred at: {NotificationBody.OccurredAt(stored)}")
        .AppendLine()
        .AppendLine(JsonNode.Parse(stored.Payload)?.ToJsonString(Indented))
        .ToString();
}
