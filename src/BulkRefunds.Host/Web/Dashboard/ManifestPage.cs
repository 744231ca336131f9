using System.Globalization;
using BulkRefunds.Dispatch;
using BulkRefunds.Host.Web.Security;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;

namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>
/// <c>/hangfire/manifests/{id}</c>: one manifest — its header, progress per minute and money per currency as inline SVG,
/// its rows by status a page at a time (<c>?state=failed&amp;after=120</c>), each with its attempts, the audit trail (read
/// by the page's script from <c>/api/manifests/{id}/audit</c>) and, under rows that need review, the resolution awaiting
/// confirmation (Confirm/Reject for operators) or an operator's resolve form. Every value from a user, a file or Klarna is
/// HTML-encoded (<see cref="HtmlBuilder"/>, <see cref="RazorPage.Write"/>).
/// </summary>
public sealed class ManifestPage(string id) : RazorPage
{
    public const string Route = "/manifests/(?<id>[0-9a-fA-F-]{36})";
    public const int PageSize = 50;

    /// <summary>A day of minutes at most: the chart's bars are buckets beyond <see cref="ProgressChart.MaxBars"/> anyway.</summary>
    public const int ChartMinutes = 1440;

    public static void Register() => DashboardRoutes.Routes.AddRazorPage(Route, match => new ManifestPage(match.Groups["id"].Value));

    public override void Execute()
    {
        Layout = new LayoutPage("Manifest");
        var http = Context.GetHttpContext();
        var services = http.RequestServices;
        var cancellationToken = http.RequestAborted;
        // Hangfire renders a page synchronously (Execute returns void); every query is bounded (a page, a day of minutes).
        var overview = Guid.TryParse(id, out var manifestId)
            ? services.GetRequiredService<ManifestOverviewStore>().FindAsync(manifestId, cancellationToken).GetAwaiter().GetResult()
            : null;
        if (overview is null)
        {
            WriteLiteral("<h1 class=\"page-header\">Manifest not found</h1>\n<p id=\"manifest-not-found\">No manifest has this id. <a href=\"../manifests\">All manifests</a></p>\n");
            return;
        }

        var filter = StateFilter(http.Request.Query["state"].ToString());
        var after = int.TryParse(http.Request.Query["after"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var line) ? line : 0;
        var rows = services.GetRequiredService<ManifestRowsStore>();
        var page = rows.PageAsync(manifestId, filter, after, PageSize, cancellationToken).GetAwaiter().GetResult();
        var attempts = rows.AttemptsAsync([.. page.Rows.Select(row => row.RowId)], cancellationToken).GetAwaiter().GetResult().ToLookup(attempt => attempt.RowId);
        // Proposals wait only on needs_review rows (a handful per manifest, read through row_resolution_manifest_idx).
        var pending = page.Rows.Any(row => row.State == RowState.NeedsReview)
            ? services.GetRequiredService<RowResolutions>().PendingAsync(manifestId, cancellationToken).GetAwaiter().GetResult()
                .ToDictionary(proposal => proposal.RowId)
            : new Dictionary<long, PendingResolution>();
        var minutes = rows.MinutesAsync(manifestId, ChartMinutes, cancellationToken).GetAwaiter().GetResult();
        var canAct = !Context.IsReadOnly && http.User.IsInRole(Roles.Operator);
        var manifestText = manifestId.ToString("D");

        WriteLiteral("<h1 class=\"page-header\" id=\"manifest-title\">");
        Write(overview.Manifest.FileName);
        WriteLiteral(" <small><a href=\"../manifests\">all manifests</a></small></h1>\n");
        WriteLiteral($"<div id=\"manifest\" data-manifest-id=\"{manifestText}\" data-can-act=\"{(canAct ? "true" : "false")}\"");
        WriteLiteral(canAct ? CsrfAttributes(http) : "");
        WriteLiteral(">\n");
        WriteLiteral(ManifestHeaderSection.Html(overview, ReportWrittenText.Describe(services.GetRequiredService<ReportService>(), overview)));
        WriteLiteral("<div class=\"row\"><div class=\"col-md-8\"><h3>Progress</h3>\n");
        WriteLiteral(ProgressChart.Svg(minutes));
        WriteLiteral("</div><div class=\"col-md-4\"><h3>Amounts</h3>\n");
        WriteLiteral(AmountsChart.Svg(overview.Currencies));
        WriteLiteral("</div></div>\n<h3 id=\"rows\">Rows</h3>\n");
        WriteLiteral(ManifestRowsSection.Html(overview, filter, page, attempts, pending, canAct));
        WriteLiteral($"<h3>Audit trail</h3>\n<div id=\"audit-trail\" data-src=\"../../api/manifests/{manifestText}/audit\"><p class=\"text-muted\">Loading…</p></div>\n");
        WriteLiteral("</div>\n<script>\n");
        WriteLiteral(ManifestsPageScript.ManifestPageSource);
        WriteLiteral("</script>\n");
    }

    /// <summary>An unknown state shows every row rather than none: the filter links only offer real states.</summary>
    private static RowState? StateFilter(string text) =>
        Enum.GetValues<RowState>().Where(state => RowStateText.Of(state) == text).Select(state => (RowState?)state).FirstOrDefault();

    private static string CsrfAttributes(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new HtmlBuilder().Raw(" data-csrf-header=\"").Text(tokens.HeaderName).Raw("\" data-csrf-token=\"").Text(tokens.RequestToken).Raw("\"").ToString();
    }
}
