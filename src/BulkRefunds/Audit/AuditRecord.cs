namespace BulkRefunds.Audit;

/// <summary>One stored entry of the trail, as shown on the manifest page and exported.</summary>
public sealed record AuditRecord(long AuditId, DateTimeOffset RecordedAt, string Actor, AuditAct Act, Guid? ManifestId, long? RowId, string Detail);
