namespace BulkRefunds.Reports;

/// <summary>
/// A page of a manifest's rows in line order; <see cref="NextAfter"/> is the line to continue after (keyset), null on
/// the last page.
/// </summary>
public sealed record RowPage(IReadOnlyList<ManifestRowView> Rows, int? NextAfter);
