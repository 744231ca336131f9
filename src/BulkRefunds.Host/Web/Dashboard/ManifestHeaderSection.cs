using System.Globalization;
using BulkRefunds.Reports;

namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>The manifest page's header: the file, who uploaded and approved it, its timings and its report.</summary>
public static class ManifestHeaderSection
{
    public static string Html(ManifestOverview overview, string reportWritten)
    {
        var manifest = overview.Manifest;
        var id = manifest.ManifestId.ToString("D");
        var html = new HtmlBuilder().Raw("<dl class=\"dl-horizontal\" id=\"manifest-header\">\n");
        Item(html, "File", "manifest-file").Text(manifest.FileName).Raw(" <small class=\"text-muted\">(")
            .Text(string.Create(CultureInfo.InvariantCulture, $"{manifest.SizeBytes:N0} bytes, {manifest.RowCount:N0} rows")).Raw(")</small></dd>\n");
        Item(html, "Manifest id", "manifest-id").Text(id).Raw("</dd>\n");
        Item(html, "SHA-256", "manifest-sha256").Raw("<code>").Text(manifest.Sha256).Raw("</code></dd>\n");
        Item(html, "Status", "manifest-status").Text(overview.Status.Replace('_', ' '))
            .Text(string.Create(CultureInfo.InvariantCulture, $" — {overview.FinalRows:N0} of {overview.TotalRows:N0} rows final")).Raw("</dd>\n");
        Item(html, "Uploaded", "manifest-uploaded").Time(manifest.UploadedAt).Raw(" UTC by ").Text(manifest.UploadedBy).Raw("</dd>\n");
        Item(html, "Approvals", "manifest-approvals").Text(overview.ApprovalProgress ?? "not needed");
        foreach (var approval in overview.Approvals)
        {
            html.Raw("<br><span class=\"manifest-approval\">").Text(approval.ApprovedBy).Raw(" at ").Time(approval.ApprovedAt).Raw(" UTC</span>");
        }

        html.Raw("</dd>\n");
        Item(html, "Completed", "manifest-completed").Time(manifest.CompletedAt).Raw(manifest.CompletedAt is null ? "" : " UTC")
            .Text(Took(manifest.ApprovedAt ?? manifest.UploadedAt, manifest.CompletedAt)).Raw("</dd>\n");
        Item(html, "Report", "manifest-report")
            .Raw($"<a href=\"../../api/manifests/{id}/report\" id=\"report-link\">report CSV</a> · <a href=\"../../api/manifests/{id}/summary\">summary</a> <small class=\"text-muted\" id=\"report-written\">")
            .Text(reportWritten).Raw("</small></dd>\n");
        return html.Raw("</dl>\n").ToString();
    }

    private static HtmlBuilder Item(HtmlBuilder html, string term, string id) =>
        html.Raw("<dt>").Text(term).Raw("</dt><dd id=\"").Raw(id).Raw("\">");

    private static string Took(DateTime started, DateTime? completed) => completed is { } done && done >= started
        ? string.Create(CultureInfo.InvariantCulture, $" (took {(int)(done - started).TotalHours}h {(done - started).Minutes:00}m {(done - started).Seconds:00}s)")
        : "";
}
