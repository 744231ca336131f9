namespace BulkRefunds.Notifications;

/// <summary>One receiver of signed JSON POSTs.</summary>
public sealed class WebhookTarget
{
    public const string Prefix = "webhook:";

    public string Url { get; set; } = "";

    /// <summary>Key of the HMAC-SHA256 in <c>BulkRefunds-Signature</c>; never logged.</summary>
    public string Secret { get; set; } = "";
}
