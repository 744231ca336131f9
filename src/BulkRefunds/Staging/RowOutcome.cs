namespace BulkRefunds.Staging;

/// <summary>The final state a dispatch reached for a row, with every attempt it made.</summary>
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
    IReadOnlyList<AttemptRecord> Attempts);

/// <summary>One HTTP attempt, as recorded in <c>bulkrefunds.row_attempt</c>.</summary>
public sealed record AttemptRecord(DateTimeOffset AttemptedAt, string Outcome, int? HttpStatus, string? ErrorCode, string? CorrelationId);
