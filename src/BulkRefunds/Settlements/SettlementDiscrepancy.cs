namespace BulkRefunds.Settlements;

/// <summary>A line that needs a person, as in the report.</summary>
public sealed record SettlementDiscrepancy(string Account, string OrderId, string? RefundId, string Status, string? Note);
