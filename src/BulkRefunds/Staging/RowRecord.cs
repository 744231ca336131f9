namespace BulkRefunds.Staging;

/// <summary>Everything known about one manifest row, read for the reconciliation report.</summary>
public sealed record RowRecord(
    int LineNumber,
    string Account,
    string Action,
    string OrderId,
    string? Reference,
    string? Currency,
    long? AmountMinor,
    string State,
    string? Problems,
    string? RefundId,
    string? Location,
    int? HttpStatus,
    string? ErrorCode,
    string? ErrorMessage,
    string? CorrelationId,
    Guid IdempotencyKey,
    int Attempts,
    DateTime? FirstAttemptAt,
    DateTime? CompletedAt);
