using BulkRefunds.Klarna;

namespace BulkRefunds.Settlements;

/// <summary>
/// A settlement transaction with its natural key within its payout (docs/settlements.md, "The natural key"): the hash
/// of its content and which occurrence of that content it is. Built by <see cref="LineNumbering"/>.
/// </summary>
public sealed record SettlementLine(long LineKey, int Occurrence, KlarnaSettlementTransaction Transaction);
