using BulkRefunds.Dispatch;

namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>
/// Under a <c>needs_review</c> row: with nothing pending, an operator's form to record what Klarna's portal shows
/// (refunded with its refund id, or not applied) with a comment; with a resolution awaiting confirmation (four-eyes),
/// who proposed what for everyone, and Confirm/Reject for an operator. ManifestPage.js posts them as JSON to
/// <c>/api/manifests/{id}/rows/{rowId}/resolution[/confirm|/reject]</c> with the page's antiforgery token; the API decides
/// what is allowed (the proposer confirming is refused there) and answers with a sentence.
/// </summary>
public static class ResolveForm
{
    public static void Write(HtmlBuilder html, long rowId) => html
        .Raw("<tr class=\"resolve-row\"><td></td><td colspan=\"9\"><form class=\"form-inline js-resolve\" data-row-id=\"").Number(rowId).Raw("\" id=\"resolve-").Number(rowId).Raw("""
            ">
            <select name="outcome" class="form-control input-sm" aria-label="What Klarna's portal shows">
            <option value="refunded">refunded</option><option value="not_applied">not applied</option></select>
            <input name="refundId" class="form-control input-sm" placeholder="Klarna refund id (when refunded)" aria-label="Refund id" size="28">
            <input name="comment" class="form-control input-sm" placeholder="Comment (required)" aria-label="Comment" size="40" required>
            <button type="submit" class="btn btn-sm btn-primary">Record resolution</button>
            <span class="resolve-result" role="status"></span>
            </form></td></tr>

            """);

    /// <summary>"alice proposed: refunded (refund id …) — comment", and for an operator the confirm comment, Confirm and Reject.</summary>
    public static void WritePending(HtmlBuilder html, PendingResolution pending, bool release, bool canAct)
    {
        var resolution = pending.Resolution;
        html.Raw("<tr class=\"resolve-row\"><td></td><td colspan=\"9\"><form class=\"form-inline js-resolution-pending\" data-row-id=\"").Number(pending.RowId)
            .Raw("\" id=\"pending-").Number(pending.RowId).Raw("\"><span class=\"pending-resolution\">Awaiting confirmation: <strong>").Text(resolution.ProposedBy)
            .Raw("</strong> proposed: ").Text(resolution.Describe(release)).Raw(" — ").Text(resolution.Comment)
            .Raw(" <small class=\"text-muted\">(").Time(pending.ProposedAt.UtcDateTime).Raw(" UTC)</small></span>");
        if (canAct)
        {
            html.Raw("""

                <input name="comment" class="form-control input-sm" placeholder="Comment (optional)" aria-label="Confirmation comment" size="30">
                <button type="button" class="btn btn-sm btn-success js-resolution-step" data-step="confirm">Confirm</button>
                <button type="button" class="btn btn-sm btn-danger js-resolution-step" data-step="reject">Reject</button>
                <span class="resolve-result" role="status"></span>
                """);
        }

        html.Raw("</form></td></tr>\n");
    }
}
