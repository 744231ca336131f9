namespace BulkRefunds.Notifications;

/// <summary>A target refused or did not answer; thrown so Hangfire retries the delivery job. The message names no secret.</summary>
public sealed class NotificationDeliveryException(string message, Exception? inner = null) : Exception(message, inner);
