namespace BulkRefunds.Staging;

/// <summary>What <see cref="RowCopy"/> wrote: the row count, whether any row had an order line, rows per state.</summary>
internal sealed record CopiedRows(int Rows, bool HasLines, IReadOnlyDictionary<string, int> RowsByState);
