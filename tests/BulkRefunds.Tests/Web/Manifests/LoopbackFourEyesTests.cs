using System.Net;
using System.Net.Http.Json;
using BulkRefunds.Dispatch;
using System.Text.RegularExpressions;
using BulkRefunds.Host.Web.Manifests;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Dispatch.Resolution;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web.Manifests;

/// <summary>
/// Four-eyes with <c>Security:RequireLoginOnLoopback=false</c>: the anonymous local operator <c>local</c> is whoever sits at
/// this machine, not a person. Its upload needs two approvals by named operators; its approval is refused.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class LoopbackFourEyesTests(PostgresFixture postgres)
{
    private static readonly (string, string?) OpenLoopback = ("Security:RequireLoginOnLoopback", "false");

    [Fact]
    public async Task Upload_AsLocalOperatorUnderFourEyes_NeedsTwoApprovalsByNamedOperators()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_loopback_upload"), OpenLoopback);
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        var local = await LocalOperatorAsync(web);

        var manifestId = await UploadAsync(local, "returns.csv", orders.Csv);
        var uploaded = await StatusAsync(Viewer(web), manifestId);
        using var first = await PostAsync(Operator(web), $"/api/manifests/{manifestId}/approve");
        var afterOne = await StatusAsync(Viewer(web), manifestId);
        var ledgerAfterOne = await web.Simulator.LedgerAsync();
        using var second = await PostAsync(SecondOperatorClient(web), $"/api/manifests/{manifestId}/approve");
        var complete = await WaitForStatusAsync(Viewer(web), manifestId, "complete");

        Assert.Equal(("local", 2), (uploaded.GetProperty("uploadedBy").GetString(), uploaded.GetProperty("approval").GetProperty("approvalsRequired").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Approval recorded (1 of 2); a second operator must approve.", (await JsonAsync(first)).GetProperty("message").GetString());
        Assert.Equal("awaiting_approval", afterOne.GetProperty("status").GetString());
        Assert.Empty(ledgerAfterOne);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("Approved (2 of 2); sending has started.", (await JsonAsync(second)).GetProperty("message").GetString());
        Assert.Equal("2 of 2 approvals", complete.GetProperty("approval").GetProperty("progress").GetString());
        orders.AssertExactlyOneRefundPerRow(await web.Simulator.LedgerAsync());
    }

    [Fact]
    public async Task Approve_AsLocalOperatorUnderFourEyes_IsRefusedNothingIsSentAndCancelStillWorks()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_loopback_approve"), OpenLoopback);
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);
        var local = await LocalOperatorAsync(web);

        using var refused = await PostAsync(local, $"/api/manifests/{manifestId}/approve");
        var afterRefusal = await StatusAsync(Viewer(web), manifestId);
        var page = await local.GetStringAsync(new Uri("/hangfire/manifests", UriKind.Relative));
        using var cancelled = await PostAsync(local, $"/api/manifests/{manifestId}/cancel");
        var complete = await WaitForStatusAsync(Viewer(web), manifestId, "complete");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(ActionEndpoints.SignInToApprove, (await JsonAsync(refused)).GetProperty("error").GetString());
        Assert.Equal("awaiting_approval", afterRefusal.GetProperty("status").GetString());
        Assert.Empty(afterRefusal.GetProperty("approval").GetProperty("approvals").EnumerateArray());
        Assert.DoesNotContain($"id=\"approve-{manifestId}\"", page, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(ActionEndpoints.SignInToApprove), page, StringComparison.Ordinal);
        Assert.Contains($"id=\"cancel-{manifestId}\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(2, complete.GetProperty("rowsByState").GetProperty("skipped").GetInt32());
        Assert.Empty(await web.Simulator.LedgerAsync());
    }

    [Fact]
    public async Task Approve_NamedUploadBySecondNamedOperatorWithLoopbackOpen_SendsItAfterOneApproval()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_loopback_named"), OpenLoopback);
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);

        using var approved = await PostAsync(SecondOperatorClient(web), $"/api/manifests/{manifestId}/approve");
        var complete = await WaitForStatusAsync(Viewer(web), manifestId, "complete");

        Assert.Equal("Approved; sending has started.", (await JsonAsync(approved)).GetProperty("message").GetString());
        Assert.Equal(("1 of 1 approval", SecondOperator), (complete.GetProperty("approval").GetProperty("progress").GetString(),
            complete.GetProperty("approval").GetProperty("approvedBy").GetString()));
        orders.AssertExactlyOneRefundPerRow(await web.Simulator.LedgerAsync());
    }

    [Fact]
    public async Task Approve_AsLocalOperatorWithoutFourEyes_UploadsAndApprovesAsBefore()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_loopback_no_four_eyes"), OpenLoopback, ("Approval:FourEyes", "false"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        var local = await LocalOperatorAsync(web);

        var manifestId = await UploadAsync(local, "returns.csv", orders.Csv);
        using var approved = await PostAsync(local, $"/api/manifests/{manifestId}/approve");
        var complete = await WaitForStatusAsync(Viewer(web), manifestId, "complete");

        Assert.Equal("Approved; sending has started.", (await JsonAsync(approved)).GetProperty("message").GetString());
        Assert.Equal(("local", 1), (complete.GetProperty("approval").GetProperty("approvedBy").GetString(),
            complete.GetProperty("approval").GetProperty("approvalsRequired").GetInt32()));
        orders.AssertExactlyOneRefundPerRow(await web.Simulator.LedgerAsync());
    }

    [Fact]
    public async Task Resolution_AsLocalOperatorUnderFourEyes_IsRefusedBeforeAnythingIsRecorded()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_loopback_resolution"),
            [.. ReviewRows.Settings(fourEyes: true).Select(setting => (setting.Key, setting.Value)), OpenLoopback]);
        var rows = await ReviewRows.ArmAsync(web.Simulator, false);
        var local = await LocalOperatorAsync(web);
        var manifestId = await UploadAsync(local, "returns.csv", ReviewRows.Csv(rows));
        await WaitForStatusAsync(Viewer(web), manifestId, "complete");
        var rowId = (await web.App.Services.GetRequiredService<RowResolutions>().FindRowIdAsync(manifestId, 2, default))!.Value;

        using var refused = await local.PostAsJsonAsync($"/api/manifests/{manifestId}/rows/{rowId}/resolution",
            new { outcome = "not_applied", comment = "Not in the portal" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(ResolutionEndpoints.SignInToResolve, (await JsonAsync(refused)).GetProperty("error").GetString());
        Assert.Equal(1, (await StatusAsync(Viewer(web), manifestId)).GetProperty("rowsByState").GetProperty("needs_review").GetInt32());
    }

    /// <summary>An anonymous client from this machine, carrying the antiforgery token of the upload page as a browser would.</summary>
    private static async Task<HttpClient> LocalOperatorAsync(WebTestApp web)
    {
        var client = web.Client();
        var page = await client.GetStringAsync(new Uri("/upload", UriKind.Relative));
        var token = UploadPageToken().Match(page);
        Assert.True(token.Success, page);
        client.DefaultRequestHeaders.Add(WebUtility.HtmlDecode(token.Groups["header"].Value), WebUtility.HtmlDecode(token.Groups["token"].Value));
        return client;
    }

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"(?<header>[^\"]+)\">\\s*<meta name=\"csrf-token\" content=\"(?<token>[^\"]+)\">")]
    private static partial Regex UploadPageToken();
}
