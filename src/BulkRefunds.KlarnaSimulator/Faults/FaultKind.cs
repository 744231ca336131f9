namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>
/// What an injected fault does to one request. On the wire (/_sim/faults, command line) the names are
/// snake_case: latency, error_500, error_503, rate_limited, hang, hang_after_apply, lost_response.
/// </summary>
public enum FaultKind
{
    /// <summary>Waits <see cref="FaultSpec.LatencyMilliseconds"/>, then processes the request normally.</summary>
    Latency,

    /// <summary>500 INTERNAL_SERVER_ERROR; nothing applied, nothing stored under the idempotency key.</summary>
    Error500,

    /// <summary>503 TEMPORARILY_UNAVAILABLE; nothing applied, nothing stored under the idempotency key.</summary>
    Error503,

    /// <summary>429 TOO_MANY_REQUESTS with X-Ratelimit-* (and Retry-After unless turned off); nothing applied.</summary>
    RateLimited,

    /// <summary>No answer until the client gives up; nothing applied.</summary>
    Hang,

    /// <summary>Applied and stored under the idempotency key, then no answer until the client gives up.</summary>
    HangAfterApply,

    /// <summary>Applied and stored under the idempotency key, then the connection is aborted with no reply.</summary>
    LostResponse,
}
