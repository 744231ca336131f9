namespace BulkRefunds.KlarnaSimulator.Settlements;

/// <summary>The book's controls at one moment; also what GET /_sim/settlements shows.</summary>
public sealed record SettlementBookSnapshot(
    IReadOnlyList<string> Withheld,
    IReadOnlyList<SettlementTransaction> Added,
    IReadOnlyList<SyntheticReturns> Generated);
