namespace BulkRefunds.Dispatch;

/// <summary>
/// The state a dispatch reached for a row, with every attempt it made. <see cref="NewIdempotencyKey"/> is set only
/// when a row past Klarna's key window was proven not applied: it goes back to <c>staged</c> under that new key.
/// </summary>
public sealed record RowOutcome(
    long RowId,
    string State,
    int? HttpStatus,
    string? RefundId,
    string? Location,
    string? ErrorCode,
    string? ErrorMessage,
    string? CorrelationId,
    bool? Retryable,
    DateTimeOffset CompletedAt,
    IReadOnlyList<AttemptRecord> Attempts,
    Guid? NewIdempotencyKey = null);

/// <summary>One HTTP attempt, as recorded in <c>bulkrefunds.row_attempt</c>, with the key it was sent with.</summary>
public sealed record AttemptRecord(DateTimeOffset AttemptedAt, Guid IdempotencyKey, string Outcome, int? HttpStatus, string? ErrorCode, string? CorrelationId);
