namespace BulkRefunds.Reports;

/// <summary>A row found by <see cref="RowSearchStore"/>, with the manifest it belongs to.</summary>
public sealed record FoundRow(Guid ManifestId, string FileName, ManifestRowView Row);
