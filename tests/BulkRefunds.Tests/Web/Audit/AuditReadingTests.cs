using System.Net;
using System.Text.Json;
using BulkRefunds.Audit;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static BulkRefunds.Tests.Web.Audit.AuditApi;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web.Audit;

/// <summary>
/// Reading the trail: the JSON the manifest page pages through by keyset (its members are a contract with the page's
/// script), and the CSV exports, which escape a cell Excel would run as a formula.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditReadingTests(PostgresFixture postgres)
{
    [Fact]
    public async Task ManifestTrail_PagedByAfterAndLimit_GivesEveryEntryOnceOldestFirst()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("audit_pages"));
        var manifestId = await UploadAsync(Operator(web), "returns.csv", "order_id,currency,refunded_amount\norder-1,EUR,100\norder-2,EUR,200\n");
        var rowId = await RowIdAsync(web, manifestId, lineNumber: 3);
        var trail = web.App.Services.GetRequiredService<AuditTrail>();
        for (var i = 1; i <= 4; i++)
        {
            await trail.RecordAsync(new AuditEntry(AuditAct.Resolve, "olga", manifestId, rowId, $"resolved {i}"), default);
        }

        var all = await TrailAsync(web, manifestId);
        var pages = new List<List<long>>();
        var after = 0L;
        do
        {
            pages.Add([.. (await TrailAsync(web, manifestId, $"?after={after}&limit=2")).Select(entry => entry.GetProperty("auditId").GetInt64())]);
            after = pages[^1].LastOrDefault();
        }
        while (pages[^1].Count > 0);
        using var unknown = await Viewer(web).GetAsync(new Uri($"/api/manifests/{Guid.NewGuid()}/audit", UriKind.Relative));

        Assert.Equal([2, 2, 1, 0], pages.Select(page => page.Count));
        Assert.Equal(all.Select(entry => entry.GetProperty("auditId").GetInt64()), pages.SelectMany(page => page));
        Assert.Equal(["upload", "resolve", "resolve", "resolve", "resolve"], all.Select(entry => entry.GetProperty("act").GetString()));
        var resolved = all[1];
        Assert.Equal(["auditId", "recordedAt", "actor", "act", "rowId", "lineNumber", "detail"], resolved.EnumerateObject().Select(member => member.Name));
        Assert.Equal((rowId, 3, "resolved 1"), (resolved.GetProperty("rowId").GetInt64(), resolved.GetProperty("lineNumber").GetInt32(),
            resolved.GetProperty("detail").GetString()));
        Assert.EndsWith("Z", resolved.GetProperty("recordedAt").GetString(), StringComparison.Ordinal);
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null), (all[0].GetProperty("rowId").ValueKind, all[0].GetProperty("lineNumber").ValueKind));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("No manifest has this id.", (await JsonAsync(unknown)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AuditCsv_FormulaLikeActorAndDetail_AreEscapedInBothExports()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("audit_csv"));
        var manifestId = await UploadAsync(Operator(web), "returns.csv", "order_id,currency,refunded_amount\norder-1,EUR,100\n");
        await web.App.Services.GetRequiredService<AuditTrail>().RecordAsync(
            new AuditEntry(AuditAct.Resolve, "=HYPERLINK(\"http://evil\")", manifestId, null, "@SUM(A1:A9)"), default);

        using var manifestCsv = await Viewer(web).GetAsync(new Uri($"/api/manifests/{manifestId}/audit.csv", UriKind.Relative));
        var manifestText = await manifestCsv.Content.ReadAsStringAsync();
        var dayText = await Viewer(web).GetStringAsync(new Uri($"/api/audit.csv?from={Today}&to={Today}", UriKind.Relative));
        using var noDays = await Viewer(web).GetAsync(new Uri("/api/audit.csv?from=30.11.2026", UriKind.Relative));
        var yesterday = TimeProvider.System.GetUtcNow().AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var before = await Viewer(web).GetStringAsync(new Uri($"/api/audit.csv?from={yesterday}&to={yesterday}", UriKind.Relative));

        Assert.Equal("text/csv", manifestCsv.Content.Headers.ContentType?.MediaType);
        foreach (var text in new[] { manifestText, dayText })
        {
            var lines = text.TrimStart('\uFEFF').TrimEnd().Split('\n').Select(line => line.TrimEnd('\r')).ToList();
            Assert.Equal("audit_id,recorded_at,actor,act,manifest_id,row_id,line_number,detail", lines[0]);
            Assert.Equal(3, lines.Count);
            Assert.EndsWith($",otto,upload,{manifestId},,,\"uploaded returns.csv: 1 row(s), awaiting approval\"", lines[1], StringComparison.Ordinal);
            Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",resolve,", lines[2], StringComparison.Ordinal);
            Assert.EndsWith(",\"'@SUM(A1:A9)\"", lines[2], StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, noDays.StatusCode);
        Assert.Single(before.TrimEnd().Split('\n'));
    }

    private static async Task<long> RowIdAsync(WebTestApp web, Guid manifestId, int lineNumber)
    {
        await using var connection = new NpgsqlConnection(web.ConnectionString);
        return await connection.ExecuteScalarAsync<long>("SELECT row_id FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId AND line_number = @LineNumber",
            new { ManifestId = manifestId, LineNumber = lineNumber });
    }
}
