namespace BulkRefunds.Klarna;

/// <summary>What one call to Klarna came to. Every outcome is a value; callers switch on the type.</summary>
public abstract record KlarnaOutcome;

/// <summary>201 for a refund (with its id and Location), 204 for a release.</summary>
public sealed record KlarnaSuccess(int HttpStatus, string? RefundId, string? Location, string? CorrelationId) : KlarnaOutcome;

/// <summary>200 for GET order.</summary>
public sealed record KlarnaOrderFound(KlarnaOrder Order, string? CorrelationId) : KlarnaOutcome;

/// <summary>200 for GET refund.</summary>
public sealed record KlarnaRefundFound(KlarnaRefund Refund, string? CorrelationId) : KlarnaOutcome;

/// <summary>A failed call and how it may be handled.</summary>
public sealed record KlarnaFailure(FailureClass Class, int? HttpStatus, KlarnaError Error, TimeSpan? RetryAfter) : KlarnaOutcome;

public enum FailureClass
{
    /// <summary>Not applied (connect failure, 409, 429; 5xx and unanswered GETs): send again with the same key and body.</summary>
    Retryable,

    /// <summary>Klarna refused it (403, 404, 422, 401…): sending it again would fail again.</summary>
    Final,

    /// <summary>
    /// A POST that may have been applied: unanswered (timeout, dropped connection) or answered 5xx (Klarna's or a gateway's).
    /// Resend with the same key and body; when the attempts run out, only GET order can settle it. A GET is never in doubt.
    /// </summary>
    InDoubt,
}
