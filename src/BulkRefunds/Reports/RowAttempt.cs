namespace BulkRefunds.Reports;

/// <summary>One HTTP attempt of a row (<c>bulkrefunds.row_attempt</c>), oldest first; the key is null only on attempts older than sql/0008.</summary>
public sealed record RowAttempt(long RowId, DateTime AttemptedAt, Guid? IdempotencyKey, string Outcome, int? HttpStatus, string? ErrorCode, string? CorrelationId);
