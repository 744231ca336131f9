namespace BulkRefunds.KlarnaSimulator.Http;

/// <summary>Header names as Klarna spells them (HTTP itself is case-insensitive).</summary>
internal static class KlarnaHeaders
{
    public const string CorrelationId = "Klarna-Correlation-Id";
    public const string IdempotencyKey = "Klarna-Idempotency-Key";
    public const string RefundId = "Refund-Id";
    public const string TransactionId = "Transaction-Id";
    public const string Location = "Location";
    public const string RateLimitLimit = "X-Ratelimit-Limit";
    public const string RateLimitRemaining = "X-Ratelimit-Remaining";
    public const string RateLimitReset = "X-Ratelimit-Reset";
    public const string RetryAfter = "Retry-After";
}
