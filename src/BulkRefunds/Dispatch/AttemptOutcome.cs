namespace BulkRefunds.Dispatch;

/// <summary>The outcomes of one HTTP attempt (<c>bulkrefunds.row_attempt.outcome</c>; the CHECK constraint in sql/ lists the same).</summary>
public static class AttemptOutcome
{
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Retryable = "retryable";

    /// <summary>No answer, a 5xx or a dropped connection after sending: Klarna may have applied it.</summary>
    public const string InDoubt = "in_doubt";
}
