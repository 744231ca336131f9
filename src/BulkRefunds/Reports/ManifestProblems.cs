namespace BulkRefunds.Reports;

/// <summary>How many rows of a manifest are invalid, and the first of them in line order.</summary>
public sealed record ManifestProblems(int InvalidRows, IReadOnlyList<InvalidRow> FirstRows);
