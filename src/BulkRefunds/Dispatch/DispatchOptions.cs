namespace BulkRefunds.Dispatch;

/// <summary>Section <c>Dispatch</c>: how rows are claimed, sent and retried.</summary>
public sealed class DispatchOptions
{
    /// <summary>
    /// Rows claimed per round trip; outcomes are written per batch. Large enough that the pause at a batch's end (its
    /// slowest row) costs little of the rate; a crash resends at most one batch, with the same keys.
    /// </summary>
    public int BatchSize { get; set; } = 1000;

    /// <summary>Requests in flight per dispatch job (the per-account rate limiter still applies).</summary>
    public int Concurrency { get; set; } = 16;

    /// <summary>HTTP attempts per row for retryable or in-doubt failures, all with the row's one key and body.</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>How long a claimed row stays ours without renewal; a dead worker's rows are resent after it.</summary>
    public int LeaseSeconds { get; set; } = 60;

    public int FirstRetryDelayMilliseconds { get; set; } = 500;

    public int MaxRetryDelaySeconds { get; set; } = 30;

    /// <summary>GET the order once before its first refund or release and refuse locally what Klarna would refuse.</summary>
    public bool Preflight { get; set; } = true;

    /// <summary>
    /// Klarna honours an idempotency key for 24 h from the first attempt; past this margin an unanswered row is not
    /// resent blindly but settled through GET order.
    /// </summary>
    public int ResendWindowHours { get; set; } = 20;

    /// <summary>Purchase countries where Klarna accepts return fees (refunds-seed.txt; the newer docs list more).</summary>
    public List<string> ReturnFeeCountries { get; set; } = ["AT", "DE", "DK", "FI", "FR", "NL", "NO", "SE"];
}
