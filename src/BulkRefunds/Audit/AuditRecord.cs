namespace BulkRefunds.Audit;

/// <summary>
/// One stored entry of the trail, as shown on the manifest page and exported; <see cref="LineNumber"/> is the manifest line
/// of <see cref="RowId"/> (read from <c>manifest_row</c>, never stored twice).
/// </summary>
public sealed record AuditRecord(long AuditId, DateTimeOffset RecordedAt, string Actor, AuditAct Act, Guid? ManifestId, long? RowId, string Detail,
    int? LineNumber = null);
