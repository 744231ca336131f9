using BulkRefunds.Dispatch;
using BulkRefunds.Reports;
using BulkRefunds.Staging;

namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>
/// The manifest page's rows: a filter per status (with counts), a page of rows in line order with Klarna's answer and
/// each row's attempts (a details element, no script), the next page by keyset (<c>?after=</c> the last line shown),
/// and under each row that needs review its resolution awaiting confirmation (with Confirm/Reject for an operator) or,
/// when none is pending, an operator's resolve form.
/// </summary>
public static class ManifestRowsSection
{
    public static string Html(ManifestOverview overview, RowState? filter, RowPage page, ILookup<long, RowAttempt> attempts,
        IReadOnlyDictionary<long, PendingResolution> pending, bool canAct)
    {
        var html = new HtmlBuilder().Raw("<ul class=\"nav nav-pills\" id=\"row-filters\">");
        Filter(html, null, "all", overview.TotalRows, filter is null);
        foreach (var (state, count) in overview.RowsByState.OrderBy(pair => RowStateText.Of(pair.Key), StringComparer.Ordinal))
        {
            Filter(html, state, RowStateText.Of(state).Replace('_', ' '), count, filter == state);
        }

        html.Raw("</ul>\n");
        if (page.Rows.Count == 0)
        {
            return html.Raw("<p class=\"text-muted\" id=\"no-rows\">No rows here.</p>\n").ToString();
        }

        html.Raw("""
            <div class="table-responsive"><table class="table table-condensed table-hover" id="rows-table">
            <thead><tr><th>Line</th><th>Order id</th><th>Reference</th><th>Amount</th><th>Status</th><th>Refund id</th><th>HTTP</th>
            <th>Error</th><th>Correlation id</th><th>Attempts</th></tr></thead><tbody>

            """);
        foreach (var row in page.Rows)
        {
            Row(html, row, attempts[row.RowId].ToList(), pending.GetValueOrDefault(row.RowId), canAct);
        }

        html.Raw("</tbody></table></div>\n<nav><ul class=\"pager\">");
        var query = filter is { } shown ? "state=" + RowStateText.Of(shown) : "";
        html.Raw($"<li class=\"previous\"><a id=\"first-page\" href=\"?{query}\">First page</a></li>");
        if (page.NextAfter is { } after)
        {
            html.Raw($"<li class=\"next\"><a id=\"next-page\" href=\"?{query}{(query.Length == 0 ? "" : "&amp;")}after=").Number(after).Raw("\">Next page</a></li>");
        }

        return html.Raw("</ul></nav>\n").ToString();
    }

    private static void Filter(HtmlBuilder html, RowState? state, string label, int count, bool active)
    {
        var text = state is { } known ? RowStateText.Of(known) : "";
        html.Raw(active ? "<li class=\"active\">" : "<li>").Raw($"<a class=\"row-filter\" data-state=\"{text}\" href=\"?")
            .Raw(text.Length == 0 ? "" : "state=" + text).Raw("\">").Text(label).Raw(" <span class=\"badge\">").Number(count).Raw("</span></a></li>");
    }

    private static void Row(HtmlBuilder html, ManifestRowView row, IReadOnlyList<RowAttempt> attempts, PendingResolution? pending, bool canAct)
    {
        var state = RowStateText.Of(row.State);
        html.Raw("<tr class=\"manifest-row\" id=\"row-").Number(row.LineNumber).Raw($"\" data-state=\"{state}\" data-row-id=\"").Number(row.RowId).Raw("\">")
            .Raw("<td>").Number(row.LineNumber).Raw("</td><td class=\"row-order-id\">").Text(row.OrderId).Raw("</td><td>").Text(row.Reference)
            .Raw("</td><td>").Text(MoneyText.Format(row.Currency, row.AmountMinor)).Raw("</td><td class=\"row-state\">").Text(state.Replace('_', ' '))
            .Raw("</td><td class=\"row-refund-id\">").Text(row.RefundId).Raw("</td><td>").Text(row.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Raw("</td><td class=\"row-error\">").Raw(row.ErrorCode is null ? "" : "<code>").Text(row.ErrorCode).Raw(row.ErrorCode is null ? "" : "</code> ").Text(row.ErrorMessage)
            .Raw(row.Problems is null ? "" : "<br><small class=\"text-muted\">").Text(row.Problems).Raw(row.Problems is null ? "" : "</small>")
            .Raw("</td><td class=\"row-correlation-id\">").Text(row.CorrelationId).Raw("</td><td>");
        Attempts(html, attempts);
        html.Raw("</td></tr>\n");
        if (row.State != RowState.NeedsReview)
        {
            return;
        }

        if (pending is not null)
        {
            ResolveForm.WritePending(html, pending, row.Action == BulkRefunds.Manifests.ManifestAction.Release, canAct);
        }
        else if (canAct)
        {
            ResolveForm.Write(html, row.RowId);
        }
    }

    private static void Attempts(HtmlBuilder html, IReadOnlyList<RowAttempt> attempts)
    {
        if (attempts.Count == 0)
        {
            html.Raw("<span class=\"text-muted\">none</span>");
            return;
        }

        html.Raw("<details class=\"row-attempts\"><summary>").Number(attempts.Count).Raw(attempts.Count == 1 ? " attempt" : " attempts").Raw("</summary>")
            .Raw("<table class=\"table table-condensed attempts-table\"><tr><th>Time (UTC)</th><th>Key</th><th>Outcome</th><th>HTTP</th><th>Correlation id</th></tr>");
        foreach (var attempt in attempts)
        {
            html.Raw("<tr class=\"row-attempt\"><td>").Time(attempt.AttemptedAt).Raw("</td><td><code>").Text(attempt.IdempotencyKey?.ToString("D"))
                .Raw("</code></td><td>").Text(attempt.Outcome).Raw(attempt.ErrorCode is null ? "" : " ").Text(attempt.ErrorCode).Raw("</td><td>")
                .Text(attempt.HttpStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture)).Raw("</td><td>").Text(attempt.CorrelationId).Raw("</td></tr>");
        }

        html.Raw("</table></details>");
    }
}
