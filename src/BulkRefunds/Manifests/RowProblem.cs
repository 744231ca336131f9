namespace BulkRefunds.Manifests;

/// <summary>
/// One problem of a manifest row, for a reader who fixes the file: the column it is in (null for the row as a whole: its
/// quoting, its field count, a missing amount) and the value the file holds there, as read.
/// </summary>
public sealed record RowProblem(string? Column, string Message, string? Value);
