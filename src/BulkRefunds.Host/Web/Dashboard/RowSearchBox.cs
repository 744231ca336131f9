namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>
/// "Find anything" on the Manifests page: one key and a value, answered by <c>GET /api/rows</c> (ManifestsPage.js shows
/// the rows, each linking to its manifest page).
/// </summary>
public static class RowSearchBox
{
    public const string Html = """
        <form id="row-search" class="form-inline" style="margin-bottom:1em" role="search">
        <label for="row-search-key">Find rows by</label>
        <select id="row-search-key" class="form-control input-sm">
        <option value="orderId">order id</option><option value="reference">reference</option>
        <option value="refundId">refund id</option><option value="correlationId">correlation id</option>
        </select>
        <input id="row-search-value" class="form-control input-sm" type="search" size="40" required aria-label="Value to find">
        <button id="row-search-button" type="submit" class="btn btn-sm btn-default">Find</button>
        </form>
        <div id="row-search-result" role="status"></div>

        """;
}
