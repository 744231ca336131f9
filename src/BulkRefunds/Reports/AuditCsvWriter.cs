using BulkRefunds.Audit;
using CsvHelper;

namespace BulkRefunds.Reports;

/// <summary>
/// The audit trail as CSV, read in keyset pages so an export of years streams in constant memory. Cells go through the
/// report's Excel-safe writer: an actor or detail that starts like a formula is escaped, never run.
/// </summary>
public static class AuditCsvWriter
{
    public const int PageSize = 1000;

    public static readonly string[] Columns = ["audit_id", "recorded_at", "actor", "act", "manifest_id", "row_id", "line_number", "detail"];

    /// <param name="page">The entries after an audit id (keyset), at most <see cref="PageSize"/>; empty at the end.</param>
    public static async Task WriteAsync(Stream output, Func<long, int, CancellationToken, Task<IReadOnlyList<AuditRecord>>> page, ReportOptions options,
        CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(output, ReportWriter.OptionsFor(options), leaveOpen: true);
        csv.WriteHeader(Columns);
        var after = 0L;
        while (await page(after, PageSize, cancellationToken) is { Count: > 0 } entries)
        {
            foreach (var entry in entries)
            {
                csv.WriteField(entry.AuditId);
                csv.WriteField(ReportWriter.Timestamp(entry.RecordedAt.UtcDateTime));
                csv.WriteField(ReportWriter.Text(entry.Actor));
                csv.WriteField(AuditActText.Of(entry.Act));
                csv.WriteField(entry.ManifestId?.ToString("D"));
                csv.WriteField(entry.RowId);
                csv.WriteField(entry.LineNumber);
                csv.WriteField(ReportWriter.Text(entry.Detail));
                csv.EndRecord();
            }

            // Each page reaches the client as it is read: nothing waits for the whole trail.
            await csv.FlushAsync(cancellationToken);
            after = entries[^1].AuditId;
        }

        await csv.FlushAsync(cancellationToken);
    }
}
