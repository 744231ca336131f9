using System.Net;
using System.Net.Http.Json;
using BulkRefunds.Dispatch;
using BulkRefunds.Tests.Dispatch.Resolution;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web.Manifests;

/// <summary>
/// <c>POST /api/manifests/{id}/rows/{rowId}/resolution[/confirm|/reject]</c> with real users under four-eyes: problems for a
/// missing comment, an unknown row, the proposer confirming and a row no longer in review; 200 with the row's state otherwise.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ResolutionApiTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Resolution_ProposedByOneOperatorConfirmedByAnother_RowSucceedsAndEveryRefusalIsAProblem()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_resolution"),
            [.. ReviewRows.Settings(fourEyes: true).Select(setting => (setting.Key, setting.Value))]);
        var rows = await ReviewRows.ArmAsync(web.Simulator, true);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", ReviewRows.Csv(rows));
        await WaitForStatusAsync(Viewer(web), manifestId, "complete");
        var rowId = (await web.App.Services.GetRequiredService<RowResolutions>().FindRowIdAsync(manifestId, 2, default))!.Value;
        var refundId = Assert.Single(await web.Simulator.LedgerAsync()).RefundId;
        var path = $"/api/manifests/{manifestId}/rows/{rowId}/resolution";

        using var noComment = await Operator(web).PostAsJsonAsync(path, new { outcome = "refunded", refundId, comment = " " });
        using var badOutcome = await Operator(web).PostAsJsonAsync(path, new { outcome = "maybe", comment = "x" });
        using var unknownRow = await Operator(web).PostAsJsonAsync($"/api/manifests/{manifestId}/rows/{rowId + 99}/resolution",
            new { outcome = "not_applied", comment = "x" });
        using var byViewer = await Viewer(web).PostAsJsonAsync(path, new { outcome = "not_applied", comment = "x" });
        using var proposed = await Operator(web).PostAsJsonAsync(path, new { outcome = "refunded", refundId, comment = "Listed in the portal" });
        using var byProposer = await PostAsync(Operator(web), $"{path}/confirm");
        using var confirmed = await PostAsync(SecondOperatorClient(web), $"{path}/confirm");
        using var again = await Operator(web).PostAsJsonAsync(path, new { outcome = "not_applied", comment = "second thoughts" });
        using var rejectNothing = await PostAsync(SecondOperatorClient(web), $"{path}/reject");
        var status = await StatusAsync(Viewer(web), manifestId);

        Assert.Equal(HttpStatusCode.BadRequest, noComment.StatusCode);
        Assert.Contains("comment is required", (await JsonAsync(noComment)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badOutcome.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownRow.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, proposed.StatusCode);
        Assert.Equal("pending_confirmation", (await JsonAsync(proposed)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, byProposer.StatusCode);
        Assert.Contains("four-eyes", (await JsonAsync(byProposer)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Equal("succeeded", (await JsonAsync(confirmed)).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("not needs_review", (await JsonAsync(again)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, rejectNothing.StatusCode);
        Assert.Equal(1, status.GetProperty("rowsByState").GetProperty("succeeded").GetInt32());
    }
}
