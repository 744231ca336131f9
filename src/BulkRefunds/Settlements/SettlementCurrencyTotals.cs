namespace BulkRefunds.Settlements;

/// <summary>
/// One currency: what our succeeded refunds of the report sum to, what Klarna settled of them (absolute values), and
/// the returns on our orders that matched none of our rows (unexpected and Klarna-originated).
/// </summary>
public sealed record SettlementCurrencyTotals(string Currency, long RefundedMinor, long SettledMinor, long UnmatchedReturnsMinor);
