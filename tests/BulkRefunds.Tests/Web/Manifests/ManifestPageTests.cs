using System.Net;
using System.Net.Http.Json;
using BulkRefunds.Dispatch;
using BulkRefunds.Host.Web.Rows;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web.Manifests;

/// <summary>The manifest page (/hangfire/manifests/{id}) and GET /api/rows against the real host.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ManifestPageTests(PostgresFixture postgres)
{
    private const string States = """
        UPDATE bulkrefunds.manifest_row SET state = 'failed', error_code = 'REFUND_NOT_ALLOWED', error_message = '<script>alert(1)</script> not allowed',
               http_status = 400, correlation_id = 'corr-<2>', retryable = false, attempts = 1, completed_at = now()
        WHERE manifest_id = @Id AND line_number = 2;
        UPDATE bulkrefunds.manifest_row SET state = 'needs_review', attempts = 1 WHERE manifest_id = @Id AND line_number = 3;
        INSERT INTO bulkrefunds.row_attempt (row_id, attempted_at, idempotency_key, outcome, http_status, error_code, correlation_id)
        SELECT row_id, now(), idempotency_key, 'failed', 400, 'REFUND_NOT_ALLOWED', 'corr-<2>' FROM bulkrefunds.manifest_row
        WHERE manifest_id = @Id AND line_number = 2;
        """;

    [Fact]
    public async Task Page_RowsInSeveralStates_ShowsHeaderChartsRowsAndAttemptsEncoded()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("manifest_page"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 3);
        var manifestId = await UploadAsync(Operator(web), "<img src=x onerror=alert(1)>returns.csv", orders.Csv);
        await ExecuteAsync(web, States, manifestId);

        var all = await Viewer(web).GetStringAsync(new Uri($"/hangfire/manifests/{manifestId}", UriKind.Relative));
        var failed = await Viewer(web).GetStringAsync(new Uri($"/hangfire/manifests/{manifestId}?state=failed", UriKind.Relative));
        var operatorPage = await Operator(web).GetStringAsync(new Uri($"/hangfire/manifests/{manifestId}", UriKind.Relative));
        var list = await Viewer(web).GetStringAsync(new Uri("/hangfire/manifests", UriKind.Relative));

        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;returns.csv", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", all, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", all, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; not allowed", all, StringComparison.Ordinal);
        Assert.Contains("<svg id=\"progress-chart\"", all, StringComparison.Ordinal);
        Assert.Contains("<g class=\"amounts-bar\" data-currency=\"EUR\">", all, StringComparison.Ordinal);
        Assert.Contains($"id=\"manifest-sha256\"><code>", all, StringComparison.Ordinal);
        Assert.Equal(3, Count(all, "class=\"manifest-row\""));
        Assert.Contains("<summary>1 attempt</summary>", all, StringComparison.Ordinal);
        Assert.Contains("corr-&lt;2&gt;", all, StringComparison.Ordinal);
        Assert.Contains($"data-src=\"../../api/manifests/{manifestId}/audit\"", all, StringComparison.Ordinal);
        Assert.DoesNotContain("class=\"form-inline js-resolve\"", all, StringComparison.Ordinal); // a viewer gets no resolve form
        Assert.Equal(1, Count(failed, "class=\"manifest-row\""));
        Assert.Contains("id=\"row-2\" data-state=\"failed\"", failed, StringComparison.Ordinal);
        Assert.Contains("<li class=\"active\"><a class=\"row-filter\" data-state=\"failed\"", failed, StringComparison.Ordinal);
        Assert.Equal(1, Count(operatorPage, "class=\"form-inline js-resolve\""));
        Assert.Contains("data-csrf-token=\"", operatorPage, StringComparison.Ordinal);
        Assert.Contains($"href=\"manifests/{manifestId}\"", list, StringComparison.Ordinal);
        Assert.Contains("id=\"row-search\"", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_NeedsReviewRow_ProposeFormUntilAProposalWaitsThenWhoProposedWhatWithConfirmAndReject()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("manifest_page_pending"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 3);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);
        await ExecuteAsync(web, States, manifestId);
        var rowId = (await web.App.Services.GetRequiredService<RowResolutions>().FindRowIdAsync(manifestId, 3, default))!.Value;
        var page = new Uri($"/hangfire/manifests/{manifestId}", UriKind.Relative);

        var before = await Operator(web).GetStringAsync(page);
        using var proposed = await SecondOperatorClient(web).PostAsJsonAsync($"/api/manifests/{manifestId}/rows/{rowId}/resolution",
            new { outcome = "refunded", refundId = "rf-<1>", comment = "Listed <b>in</b> the portal" });
        var pending = await Operator(web).GetStringAsync(page);
        var viewer = await Viewer(web).GetStringAsync(page);

        Assert.Equal(1, Count(before, "class=\"form-inline js-resolve\""));
        Assert.Equal(0, Count(before, "class=\"form-inline js-resolution-pending\""));
        Assert.DoesNotContain("data-step=\"confirm\"", before, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        Assert.Equal(0, Count(pending, "class=\"form-inline js-resolve\""));
        Assert.Contains($"id=\"pending-{rowId}\"", pending, StringComparison.Ordinal);
        Assert.Contains($"<strong>{SecondOperator}</strong> proposed: refunded (refund id rf-&lt;1&gt;) — Listed &lt;b&gt;in&lt;/b&gt; the portal", pending,
            StringComparison.Ordinal);
        Assert.Equal(1, Count(pending, "data-step=\"confirm\""));
        Assert.Equal(1, Count(pending, "data-step=\"reject\""));
        Assert.Contains($"<strong>{SecondOperator}</strong> proposed: refunded", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("data-step=\"confirm\"", viewer, StringComparison.Ordinal); // a viewer sees the proposal, not the buttons
    }

    [Fact]
    public async Task Page_UnknownManifest_SaysSoWithoutAnError()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("manifest_page_missing"));

        var html = await Viewer(web).GetStringAsync(new Uri($"/hangfire/manifests/{Guid.Empty}", UriKind.Relative));

        Assert.Contains("id=\"manifest-not-found\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RowsApi_OrderIdOrCorrelationId_FindsTheRowWithItsManifestAndPage()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("rows_api"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 3);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);
        await ExecuteAsync(web, States, manifestId);

        var byOrder = await JsonAsync(await Viewer(web).GetAsync(new Uri($"/api/rows?orderId={orders.Rows[0].OrderId}", UriKind.Relative)));
        var byCorrelation = await JsonAsync(await Viewer(web).GetAsync(new Uri("/api/rows?correlationId=corr-%3C2%3E", UriKind.Relative)));
        using var none = await Viewer(web).GetAsync(new Uri("/api/rows", UriKind.Relative));
        using var two = await Viewer(web).GetAsync(new Uri("/api/rows?orderId=a&refundId=b", UriKind.Relative));
        using var anonymous = await web.Client().GetAsync(new Uri("/api/rows?orderId=a", UriKind.Relative));

        var found = byOrder.EnumerateArray().Single();
        Assert.Equal((manifestId, 2, "failed", orders.Rows[0].AmountMinor, "EUR"), (found.GetProperty("manifestId").GetGuid(), found.GetProperty("lineNumber").GetInt32(),
            found.GetProperty("state").GetString(), found.GetProperty("amountMinor").GetInt64(), found.GetProperty("currency").GetString()));
        Assert.Equal(("REFUND_NOT_ALLOWED", "corr-<2>"), (found.GetProperty("errorCode").GetString(), found.GetProperty("correlationId").GetString()));
        Assert.Equal($"/hangfire/manifests/{manifestId}?after=1", found.GetProperty("page").GetString());
        Assert.Equal(2, byCorrelation.EnumerateArray().Single().GetProperty("lineNumber").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal(RowEndpoints.OneKey, (await JsonAsync(two)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static int Count(string html, string text) => html.Split(text).Length - 1;

    private static async Task ExecuteAsync(WebTestApp web, string sql, Guid manifestId)
    {
        await using var connection = new NpgsqlConnection(web.ConnectionString);
        await connection.ExecuteAsync(sql, new { Id = manifestId });
    }
}
