using System.Globalization;
using BulkRefunds.Dispatch;
using BulkRefunds.Host.Web.Manifests;
using BulkRefunds.Host.Web.Security;
using BulkRefunds.Manifests;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>
/// <c>/hangfire/manifests</c>: every manifest with its progress, counts and money, links to its report, and — for operators,
/// when they apply — the Approve / Retry / Cancel buttons, which post to <c>/api/manifests/{id}/…</c> with the antiforgery token.
/// All text is written through <see cref="RazorPage.Write"/>, which HTML-encodes it: file and user names come from users.
/// </summary>
public sealed class ManifestsPage : RazorPage
{
    public const string Route = "/manifests";
    public const int Shown = 100;
    public const string ReportWrittenBeforeChanges = ReportWrittenText.RowsChangedSince;

    private static int registered;

    private ILookup<Guid, WaitingAccount> waiting = Enumerable.Empty<WaitingAccount>().ToLookup(account => account.ManifestId);
    private bool mayApprove = true;

    /// <summary>Hangfire's routes and menu are process-wide, so the page is added once however many hosts start.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }

        DashboardRoutes.Routes.AddRazorPage(Route, _ => new ManifestsPage());
        ManifestPage.Register();
        NavigationMenu.Items.Add(page => new MenuItem("Manifests", page.Url.To(Route))
        {
            Active = page.RequestPath.StartsWith(Route, StringComparison.Ordinal),
        });
    }

    public override void Execute()
    {
        Layout = new LayoutPage("Manifests");
        var http = Context.GetHttpContext();
        // Hangfire renders a page synchronously (Execute returns void); the query is bounded by Shown.
        var manifests = http.RequestServices.GetRequiredService<ManifestOverviewStore>()
            .ListAsync(Shown, http.RequestAborted).GetAwaiter().GetResult();
        waiting = http.RequestServices.GetRequiredService<BacklogStore>().WaitingAsync(http.RequestAborted).GetAwaiter().GetResult()
            .ToLookup(account => account.ManifestId);
        var canAct = !Context.IsReadOnly && http.User.IsInRole(Roles.Operator);
        // The API refuses the anonymous local operator's approval under four-eyes; the page says why instead of a button.
        mayApprove = !(http.RequestServices.GetRequiredService<IOptions<ApprovalOptions>>().Value.FourEyes
            && LoopbackAuthenticationHandler.IsLocalOperator(http.User));

        WriteLiteral("<h1 class=\"page-header\">Manifests</h1>\n<div id=\"manifests\" data-can-act=\"");
        Write(canAct ? "true" : "false");
        WriteLiteral("\"");
        if (canAct)
        {
            var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
            WriteLiteral(" data-csrf-header=\"");
            Write(tokens.HeaderName);
            WriteLiteral("\" data-csrf-token=\"");
            Write(tokens.RequestToken);
            WriteLiteral("\"");
        }

        WriteLiteral(">\n<div id=\"manifest-action-result\" role=\"status\"></div>\n");
        // Outside manifests-list, which the script replaces on every refresh.
        WriteLiteral(RowSearchBox.Html);
        WriteLiteral("<div id=\"manifests-list\">\n");
        if (manifests.Count == 0)
        {
            WriteLiteral("<p class=\"text-muted\" id=\"no-manifests\">No manifest has been uploaded yet.</p>\n");
        }
        else
        {
            WriteTable(manifests, canAct);
        }

        WriteLiteral("</div>\n</div>\n<script>\n");
        WriteLiteral(ManifestsPageScript.Source);
        WriteLiteral("</script>\n");
    }

    private void WriteTable(IReadOnlyList<ManifestOverview> manifests, bool canAct)
    {
        WriteLiteral("""
            <div class="table-responsive"><table class="table table-striped table-hover" id="manifests-table">
            <thead><tr><th>File</th><th>Uploaded by</th><th>Uploaded (UTC)</th><th>SHA-256</th><th>Status</th><th>Progress</th>
            <th>Rows by status</th><th>Amounts (requested / refunded)</th><th>Reports</th>
            """);
        WriteLiteral(canAct ? "<th>Actions</th></tr></thead><tbody>\n" : "</tr></thead><tbody>\n");
        foreach (var overview in manifests)
        {
            WriteRow(overview, canAct);
        }

        WriteLiteral("</tbody></table></div>\n");
    }

    private void WriteRow(ManifestOverview overview, bool canAct)
    {
        var manifest = overview.Manifest;
        var id = manifest.ManifestId.ToString("D");
        WriteLiteral("<tr id=\"manifest-");
        Write(id);
        WriteLiteral("\" data-manifest-id=\"");
        Write(id);
        WriteLiteral("\" data-status=\"");
        Write(overview.Status);
        // The manifest page (ManifestPage), relative to /hangfire/manifests.
        WriteLiteral($"\">\n<td class=\"manifest-file-name\"><a href=\"manifests/{id}\" id=\"open-{id}\">");
        Write(manifest.FileName);
        WriteLiteral("</a><br><small class=\"text-muted\">");
        Write(id);
        WriteLiteral("</small></td>\n<td class=\"manifest-uploaded-by\">");
        Write(manifest.UploadedBy);
        WriteLiteral("</td>\n<td>");
        Write(manifest.UploadedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        WriteLiteral("</td>\n<td><code title=\"");
        Write(manifest.Sha256);
        WriteLiteral("\">");
        Write(manifest.Sha256[..12]);
        WriteLiteral("…</code></td>\n<td>");
        WriteStatus(overview);
        WriteLiteral("</td>\n<td>");
        WriteProgress(overview);
        WriteLiteral("</td>\n<td>");
        WriteCounts(overview);
        WriteLiteral("</td>\n<td>");
        WriteAmounts(overview);
        WriteLiteral("</td>\n<td>");
        WriteLinks(overview, id);
        WriteLiteral("</td>\n");
        if (canAct)
        {
            WriteLiteral("<td>");
            WriteActions(overview, id);
            WriteLiteral("</td>\n");
        }

        WriteLiteral("</tr>\n");
    }

    private void WriteStatus(ManifestOverview overview)
    {
        var label = overview.Status switch
        {
            ManifestOverview.AwaitingApproval => "label-warning",
            ManifestOverview.InProgress => "label-info",
            _ => "label-success",
        };
        WriteLiteral($"<span class=\"label {label} manifest-status\">");
        Write(overview.Status.Replace('_', ' '));
        WriteLiteral("</span>");
        WriteApprovals(overview);
        foreach (var account in waiting[overview.Manifest.ManifestId])
        {
            WriteLiteral("<br><span class=\"label label-danger manifest-waiting\" data-account=\"");
            Write(account.Account);
            WriteLiteral("\">");
            Write(account.Message);
            WriteLiteral("</span>");
        }
    }

    private void WriteApprovals(ManifestOverview overview)
    {
        if (overview.ApprovalProgress is not { } progress)
        {
            return;
        }

        WriteLiteral("<br><small class=\"manifest-approvals\">");
        Write(progress);
        WriteLiteral("</small>");
        foreach (var approval in overview.Approvals)
        {
            WriteLiteral("<br><small class=\"text-muted manifest-approval\">approved by ");
            Write(approval.ApprovedBy);
            Write(approval.ApprovedAt.ToString(" yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
            WriteLiteral("</small>");
        }
    }

    private void WriteProgress(ManifestOverview overview)
    {
        var percent = overview.TotalRows == 0 ? 100 : (int)(100L * overview.FinalRows / overview.TotalRows);
        WriteLiteral("<div class=\"progress\" style=\"margin:0;min-width:8em\"><div class=\"progress-bar\" role=\"progressbar\" style=\"width:");
        Write(percent.ToString(CultureInfo.InvariantCulture));
        WriteLiteral("%\"></div></div><small class=\"manifest-progress\">");
        Write(string.Create(CultureInfo.InvariantCulture, $"{overview.FinalRows:N0} / {overview.TotalRows:N0}"));
        WriteLiteral("</small>");
        if (overview.SettlementProgress is { } settlement)
        {
            WriteLiteral("<br><small class=\"manifest-settled\">");
            Write(settlement);
            WriteLiteral("</small>");
        }
    }

    private void WriteCounts(ManifestOverview overview)
    {
        foreach (var (state, count) in RowStateText.Keyed(overview.RowsByState).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            WriteLiteral("<span class=\"manifest-count\" data-state=\"");
            Write(state);
            WriteLiteral("\">");
            Write(string.Create(CultureInfo.InvariantCulture, $"{state.Replace('_', ' ')}: {count:N0}"));
            WriteLiteral("</span><br>");
        }
    }

    private void WriteAmounts(ManifestOverview overview)
    {
        foreach (var amounts in overview.Currencies)
        {
            var exponent = CurrencyExponents.Find(amounts.Currency);
            string Format(long minor) => exponent is { } known
                ? CurrencyExponents.FormatMajor(minor, known)
                : string.Create(CultureInfo.InvariantCulture, $"{minor} (minor units)");
            WriteLiteral("<span class=\"manifest-amount\" data-currency=\"");
            Write(amounts.Currency);
            WriteLiteral("\">");
            Write($"{amounts.Currency} {Format(amounts.RequestedMinor)} / {Format(amounts.RefundedMinor)}");
            WriteLiteral("</span><br>");
        }
    }

    private void WriteLinks(ManifestOverview overview, string id)
    {
        // Relative to /hangfire/manifests, so a path base in front of the app is kept.
        WriteLiteral($"<a href=\"../api/manifests/{id}/report\" id=\"report-{id}\">report CSV</a><br>");
        WriteLiteral($"<a href=\"../api/manifests/{id}/summary\" id=\"summary-{id}\">summary</a><br>");
        // The report is served as last written (a GET never rewrites it): say when, and whether rows changed since.
        WriteLiteral($"<small class=\"text-muted manifest-report-written\" id=\"report-written-{id}\">");
        Write(ReportWrittenText.Describe(Context.GetHttpContext().RequestServices.GetRequiredService<ReportService>(), overview));
        WriteLiteral("</small>");
    }

    private void WriteActions(ManifestOverview overview, string id)
    {
        if (!mayApprove && overview.Status == ManifestOverview.AwaitingApproval)
        {
            WriteLiteral("<small class=\"text-muted manifest-sign-in-to-approve\">");
            Write(ActionEndpoints.SignInToApprove);
            WriteLiteral("</small> ");
        }

        foreach (var action in ManifestActions.Applicable(overview, mayApprove))
        {
            WriteLiteral($"<button type=\"button\" class=\"btn btn-xs {action.ButtonClass} js-manifest-action\" id=\"{action.Name}-{id}\" data-action=\"{action.Name}\" data-manifest-id=\"{id}\" data-confirm=\"");
            Write(action.Confirmation);
            WriteLiteral("\">");
            Write(action.Label);
            WriteLiteral("</button> ");
        }
    }
}
