namespace BulkRefunds.Settlements;

/// <summary>A settlements run: what was ingested per account, and the report written (its summary beside it).</summary>
public sealed record SettlementRunResult(IReadOnlyList<IngestResult> Ingests, IReadOnlyList<MatchResult> Matches, string ReportPath, SettlementSummary Summary);
