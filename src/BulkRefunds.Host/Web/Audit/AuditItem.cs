using BulkRefunds.Audit;

namespace BulkRefunds.Host.Web.Audit;

/// <summary>
/// One entry of <c>GET /api/manifests/{id}/audit</c>; the manifest page's script reads exactly these members, so they do not
/// change. <see cref="RecordedAt"/> is UTC (serialised with <c>Z</c>).
/// </summary>
public sealed record AuditItem(long AuditId, DateTime RecordedAt, string Actor, string Act, long? RowId, int? LineNumber, string Detail)
{
    public static AuditItem From(AuditRecord record) =>
        new(record.AuditId, record.RecordedAt.UtcDateTime, record.Actor, AuditActText.Of(record.Act), record.RowId, record.LineNumber, record.Detail);
}
