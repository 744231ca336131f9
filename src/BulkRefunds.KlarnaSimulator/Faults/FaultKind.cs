namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>
/// What an injected fault does to one request. On the wire (/_sim/faults, command line) the names are
/// snake_case: latency, error_500, error_503, rate_limited, hang, hang_after_apply, lost_response,
/// bad_gateway_after_apply, gateway_timeout_after_apply. New kinds go last: a random draw walks them in this order.
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

    /// <summary>
    /// Applied and stored under the idempotency key, then answered 502 with a gateway's HTML page (a proxy in front of
    /// Klarna lost its answer); a resend with the key is applied no second time and, while the fault lasts, gets 502 again.
    /// </summary>
    BadGatewayAfterApply,

    /// <summary>Like <see cref="BadGatewayAfterApply"/> with 504 and the gateway's "Gateway Time-out" page.</summary>
    GatewayTimeoutAfterApply,
}
