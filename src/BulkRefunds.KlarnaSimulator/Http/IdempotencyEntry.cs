namespace BulkRefunds.KlarnaSimulator.Http;

/// <summary>What the store knows about one key: when it was first seen and, once finished, the response.</summary>
/// <param name="Response">Null while the first request is still being processed.</param>
internal sealed record IdempotencyEntry(DateTimeOffset FirstSeenAt, SimResponse? Response);
