using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BulkRefunds.Notifications;

/// <summary>The bytes every target is sent: <c>{ "type", "id", "manifest_id", "occurred_at", "data" }</c>, and their signature.</summary>
public static class NotificationBody
{
    public static byte[] Serialize(StoredEvent stored) => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["type"] = stored.Type,
        ["id"] = stored.EventId.ToString("D"),
        ["manifest_id"] = stored.ManifestId?.ToString("D"),
        ["occurred_at"] = OccurredAt(stored),
        ["data"] = JsonNode.Parse(stored.Payload),
    });

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of exactly these bytes under the webhook's secret.</summary>
    public static string Sign(byte[] body, string secret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static string OccurredAt(StoredEvent stored) =>
        stored.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
