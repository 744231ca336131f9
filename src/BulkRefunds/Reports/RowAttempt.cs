namespace BulkRefunds.Reports;

/// <summary>One HTTP attempt of a row (<c>bulkrefunds.row_attempt</c>); the key is null only on attempts older than sql/0008.</summary>
public sealed record RowAttempt
{
    public long RowId { get; init; }

    public DateTime AttemptedAt { get; init; }

    public Guid? IdempotencyKey { get; init; }

    public string Outcome { get; init; } = "";

    public int? HttpStatus { get; init; }

    public string? ErrorCode { get; init; }

    public string? CorrelationId { get; init; }
}
