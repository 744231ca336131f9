using System.Globalization;
using BulkRefunds.Reports;

namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>
/// When the manifest's report file was written and whether rows changed since: a GET serves the report as last
/// written and never rewrites it, so the pages say how old it is.
/// </summary>
public static class ReportWrittenText
{
    public const string RowsChangedSince = "; rows changed since (a job rewrites it within a minute)";

    public static string Describe(ReportService reports, ManifestOverview overview)
    {
        var path = reports.DefaultPath(overview.Manifest);
        if (!File.Exists(path))
        {
            return "not written yet";
        }

        var written = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        return $"written {written.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC"
            + (overview.RowsChangedAt > written ? RowsChangedSince : "");
    }
}
