namespace BulkRefunds.Notifications;

/// <summary>Section <c>Notifications</c>: where events are delivered. No target configured: events are recorded only.</summary>
public sealed class NotificationOptions
{
    /// <summary><c>Notifications:Webhooks:&lt;name&gt;:Url</c> and <c>:Secret</c>; the name appears in logs, never the URL or secret.</summary>
    public Dictionary<string, WebhookTarget> Webhooks { get; set; } = new(StringComparer.Ordinal);

    /// <summary>E-mail over SMTP; off while <see cref="EmailTarget.Host"/> is empty.</summary>
    public EmailTarget Email { get; set; } = new();

    /// <summary>How long one webhook POST or one SMTP conversation may take before the delivery counts as failed.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Public address of <c>serve</c> (e.g. https://refunds.example.com); when set, events carry absolute report links.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The targets an event raised now is delivered to: <c>webhook:&lt;name&gt;</c> per webhook, and <c>email</c>.</summary>
    public IReadOnlyList<string> TargetNames() =>
        [.. Webhooks.Keys.Order(StringComparer.Ordinal).Select(name => WebhookTarget.Prefix + name), .. Email.Enabled ? [EmailTarget.Name] : Array.Empty<string>()];
}
