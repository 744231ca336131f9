namespace BulkRefunds.Staging;

/// <summary>
/// What <see cref="RowCopyStore"/> wrote: the row count, whether any row had an order line, rows per state, and the accounts
/// of its valid rows (whose endpoints the manifest records).
/// </summary>
internal sealed record CopiedRows(int Rows, bool HasLines, IReadOnlyDictionary<RowState, int> RowsByState, IReadOnlySet<string> Accounts);
