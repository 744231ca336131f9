namespace BulkRefunds.Staging;

/// <summary>A row of <c>bulkrefunds.manifest</c>. Times are UTC (Npgsql reads timestamptz as UTC DateTime).</summary>
public sealed record ManifestRecord(
    Guid ManifestId,
    string FileName,
    string Sha256,
    long SizeBytes,
    DateTime UploadedAt,
    string UploadedBy,
    int RowCount,
    DateTime? CompletedAt);
