namespace BulkRefunds.Settlements;

/// <summary>What one matching pass did for an account: returns matched by refund id, by the fallback, and refund rows whose settlement changed.</summary>
public sealed record MatchResult(int ByRefundId, int ByFallback, int RowsUpdated);
