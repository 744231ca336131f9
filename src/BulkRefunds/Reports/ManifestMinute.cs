namespace BulkRefunds.Reports;

/// <summary>One minute of a manifest's progress (<c>bulkrefunds.manifest_minute</c>): rows that became final, attempts answered 429.</summary>
public sealed record ManifestMinute(DateTime Minute, long FinalRows, long Throttled);
