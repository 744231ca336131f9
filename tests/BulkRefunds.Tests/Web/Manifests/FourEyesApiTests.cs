using System.Net;
using System.Text.RegularExpressions;
using BulkRefunds.Inbox;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web.Manifests;

/// <summary>
/// Four-eyes on every door, through the web API and the Manifests page with real users: a drop-folder manifest needs two
/// different operators (one of them signed in through the login form), a web upload one operator other than its uploader.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class FourEyesApiTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Approve_DropFolderManifest_NeedsTwoDifferentOperatorsAndShowsTheirApprovals()
    {
        using var dropFolder = new TempFolder();
        // The recurring run is left to a far-away cron: the test runs the job itself, as the schedule would.
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_foureyes_drop"),
            ("DropFolder:Path", dropFolder.Path), ("DropFolder:StableSeconds", "0"), ("DropFolder:Cron", "0 0 1 1 *"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        System.IO.File.SetLastWriteTimeUtc(dropFolder.File("returns.csv", orders.Csv), DateTime.UnixEpoch);
        await web.App.Services.GetRequiredService<DropFolderJob>().RunAsync(default);
        using var list = await Viewer(web).GetAsync(new Uri("/api/manifests", UriKind.Relative));
        var manifestId = Assert.Single((await JsonAsync(list)).EnumerateArray()).GetProperty("manifestId").GetGuid();

        using var first = await PostAsync(Operator(web), $"/api/manifests/{manifestId}/approve");
        using var again = await PostAsync(Operator(web), $"/api/manifests/{manifestId}/approve");
        var afterOne = await StatusAsync(Viewer(web), manifestId);
        var ledgerAfterOne = await web.Simulator.LedgerAsync();
        var browser = web.Client();
        using var signedIn = await LoginForm.SignInAsync(browser, SecondOperator, SecondOperatorPassword, "/hangfire/manifests");
        var page = await browser.GetStringAsync(new Uri("/hangfire/manifests", UriKind.Relative));
        var token = PageToken().Match(page);
        using var fromPage = new HttpRequestMessage(HttpMethod.Post, $"/api/manifests/{manifestId}/approve");
        fromPage.Headers.Add(WebUtility.HtmlDecode(token.Groups["header"].Value), WebUtility.HtmlDecode(token.Groups["token"].Value));
        using var second = await browser.SendAsync(fromPage);
        var complete = await WaitForStatusAsync(Viewer(web), manifestId, "complete");
        var pageAfter = await Viewer(web).GetStringAsync(new Uri("/hangfire/manifests", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Approval recorded (1 of 2); a second operator must approve.", (await JsonAsync(first)).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("already approved", (await JsonAsync(again)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(("drop-folder", "awaiting_approval"), (afterOne.GetProperty("uploadedBy").GetString(), afterOne.GetProperty("status").GetString()));
        Assert.Equal("1 of 2 approvals", afterOne.GetProperty("approval").GetProperty("progress").GetString());
        Assert.Equal([TestUsers.Operator], Approvers(afterOne));
        Assert.Empty(ledgerAfterOne);
        Assert.Contains("1 of 2 approvals", page, StringComparison.Ordinal);
        Assert.Contains($"approved by {TestUsers.Operator} ", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("Approved (2 of 2); sending has started.", (await JsonAsync(second)).GetProperty("message").GetString());
        Assert.Equal([TestUsers.Operator, SecondOperator], Approvers(complete));
        Assert.Equal(("2 of 2 approvals", 2, SecondOperator), (complete.GetProperty("approval").GetProperty("progress").GetString(),
            complete.GetProperty("approval").GetProperty("approvalsRequired").GetInt32(), complete.GetProperty("approval").GetProperty("approvedBy").GetString()));
        Assert.Contains("2 of 2 approvals", pageAfter, StringComparison.Ordinal);
        Assert.Contains($"approved by {SecondOperator} ", pageAfter, StringComparison.Ordinal);
        orders.AssertExactlyOneRefundPerRow(await web.Simulator.LedgerAsync());
    }

    [Fact]
    public async Task Approve_WebUpload_TheUploaderIsRefusedAndOneOtherOperatorSendsIt()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_foureyes_upload"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);

        var before = await StatusAsync(Viewer(web), manifestId);
        using var byUploader = await PostAsync(Operator(web), $"/api/manifests/{manifestId}/approve");
        using var approved = await PostAsync(SecondOperatorClient(web), $"/api/manifests/{manifestId}/approve");
        var complete = await WaitForStatusAsync(Viewer(web), manifestId, "complete");

        Assert.Equal(("0 of 1 approval", 1), (before.GetProperty("approval").GetProperty("progress").GetString(),
            before.GetProperty("approval").GetProperty("approvalsRequired").GetInt32()));
        Assert.Equal(HttpStatusCode.Conflict, byUploader.StatusCode);
        Assert.Contains("four-eyes", (await JsonAsync(byUploader)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("Approved; sending has started.", (await JsonAsync(approved)).GetProperty("message").GetString());
        Assert.Equal([SecondOperator], Approvers(complete));
        Assert.Equal("1 of 1 approval", complete.GetProperty("approval").GetProperty("progress").GetString());
        orders.AssertExactlyOneRefundPerRow(await web.Simulator.LedgerAsync());
    }

    private static List<string?> Approvers(System.Text.Json.JsonElement status) =>
        [.. status.GetProperty("approval").GetProperty("approvals").EnumerateArray().Select(approval => approval.GetProperty("approvedBy").GetString())];

    [GeneratedRegex("data-csrf-header=\"(?<header>[^\"]+)\" data-csrf-token=\"(?<token>[^\"]+)\"")]
    private static partial Regex PageToken();
}
