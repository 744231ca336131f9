namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>
/// Under a <c>needs_review</c> row, for an operator: record what Klarna's portal shows (refunded with its refund id, or
/// not applied) with a comment, and confirm or reject a resolution another operator recorded (four-eyes). ManifestPage.js
/// posts them as JSON to <c>/api/manifests/{id}/rows/{rowId}/resolution[/confirm|/reject]</c> with the page's
/// antiforgery token; the API decides what is allowed and answers with a sentence.
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
            <button type="button" class="btn btn-sm btn-success js-resolution-step" data-step="confirm">Confirm pending</button>
            <button type="button" class="btn btn-sm btn-danger js-resolution-step" data-step="reject">Reject pending</button>
            <span class="resolve-result" role="status"></span>
            </form></td></tr>

            """);
}
