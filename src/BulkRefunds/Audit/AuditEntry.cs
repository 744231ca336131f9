namespace BulkRefunds.Audit;

/// <summary>An act to record: who did it, to which manifest/row, and what (operator words, never exception text).</summary>
public sealed record AuditEntry(AuditAct Act, string Actor, Guid? ManifestId, long? RowId, string Detail);
