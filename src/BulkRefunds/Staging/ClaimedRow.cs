namespace BulkRefunds.Staging;

/// <summary>A row this worker has moved to 'sending' and holds the lease of; its key and body are fixed.</summary>
public sealed record ClaimedRow(
    long RowId,
    int LineNumber,
    string Account,
    string Action,
    string OrderId,
    string? Currency,
    long? AmountMinor,
    string? Reference,
    string? Description,
    Guid IdempotencyKey,
    string? RequestBody,
    int Attempts,
    DateTime? FirstAttemptAt,
    int? GroupLine,
    long? ReturnFeeMinor);
