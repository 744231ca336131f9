using System.Net;
using System.Text.RegularExpressions;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Security;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web.Manifests;

/// <summary>The Manifests page inside the Hangfire dashboard, as a viewer and as operators see it, and its buttons' requests.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class ManifestsPageTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Page_Viewer_ListsTheManifestEscapedWithItsStatusAndNoActionButtons()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("page_viewer"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        var manifestId = await UploadAsync(Operator(web), "<img src=x onerror=alert(1)>returns.csv", orders.Csv);

        var html = await Viewer(web).GetStringAsync(new Uri("/hangfire/manifests", UriKind.Relative));

        Assert.Contains($"data-manifest-id=\"{manifestId}\" data-status=\"awaiting_approval\"", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;returns.csv", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"../api/manifests/{manifestId}/report\"", html, StringComparison.Ordinal);
        Assert.Contains($"id=\"report-written-{manifestId}\">not written yet<", html, StringComparison.Ordinal);
        Assert.Contains("data-state=\"staged\">staged: 2<", html, StringComparison.Ordinal);
        Assert.Contains("EUR 20.37 / 0.00", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/hangfire/manifests\"", html, StringComparison.Ordinal); // the navigation menu item
        Assert.DoesNotContain("js-manifest-action\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"approve-{manifestId}\"", html, StringComparison.Ordinal);
        Assert.Contains("data-can-act=\"false\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_Operator_HasTheButtonsThatApply()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("page_operator"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);

        var awaiting = await SecondOperatorClient(web).GetStringAsync(new Uri("/hangfire/manifests", UriKind.Relative));
        using var approved = await PostAsync(SecondOperatorClient(web), $"/api/manifests/{manifestId}/approve");
        await WaitForStatusAsync(Viewer(web), manifestId, "complete");
        var complete = await SecondOperatorClient(web).GetStringAsync(new Uri("/hangfire/manifests", UriKind.Relative));

        Assert.Contains($"id=\"approve-{manifestId}\" data-action=\"approve\" data-manifest-id=\"{manifestId}\"", awaiting, StringComparison.Ordinal);
        Assert.Contains($"id=\"cancel-{manifestId}\"", awaiting, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"retry-{manifestId}\"", awaiting, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        Assert.Contains($"data-manifest-id=\"{manifestId}\" data-status=\"complete\"", complete, StringComparison.Ordinal);
        Assert.Contains(">2 / 2</small>", complete, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"approve-{manifestId}\"", complete, StringComparison.Ordinal);
        Assert.DoesNotContain($"id=\"cancel-{manifestId}\"", complete, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Buttons_SignedInBrowser_NeedThePagesAntiforgeryToken()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("page_csrf"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 1);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);
        var browser = web.Client();
        using var signedIn = await LoginForm.SignInAsync(browser, SecondOperator, SecondOperatorPassword, "/hangfire/manifests");
        var page = await browser.GetStringAsync(new Uri("/hangfire/manifests", UriKind.Relative));
        var token = PageToken().Match(page);

        using var forged = await PostAsync(browser, $"/api/manifests/{manifestId}/cancel");
        using var fromPage = new HttpRequestMessage(HttpMethod.Post, $"/api/manifests/{manifestId}/cancel");
        fromPage.Headers.Add(WebUtility.HtmlDecode(token.Groups["header"].Value), WebUtility.HtmlDecode(token.Groups["token"].Value));
        using var cancelled = await browser.SendAsync(fromPage);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.True(token.Success, "The operator's page carries no antiforgery token.");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("reload the page", (await JsonAsync(forged)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal(1, (await StatusAsync(Viewer(web), manifestId)).GetProperty("rowsByState").GetProperty("skipped").GetInt32());
    }

    [Fact]
    public async Task UploadPage_SignedInBrowser_UploadsWithTheTokenItEmbeds()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("page_upload"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 1);
        var browser = web.Client();
        using var signedIn = await LoginForm.SignInAsync(browser, TestUsers.Operator, TestUsers.OperatorPassword, "/upload");
        var page = await browser.GetStringAsync(new Uri("/upload", UriKind.Relative));
        var token = UploadPageToken().Match(page);

        using var forged = await browser.PostAsync(new Uri("/api/manifests", UriKind.Relative), File("returns.csv", orders.Csv));
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/manifests") { Content = File("returns.csv", orders.Csv) };
        upload.Headers.Add(WebUtility.HtmlDecode(token.Groups["header"].Value), WebUtility.HtmlDecode(token.Groups["token"].Value));
        using var uploaded = await browser.SendAsync(upload);

        Assert.Contains("<input type=\"file\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal); // nothing loaded from elsewhere
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(TestUsers.Operator, (await StatusAsync(Viewer(web), (await JsonAsync(uploaded)).GetProperty("manifestId").GetGuid()))
            .GetProperty("uploadedBy").GetString());
    }

    [GeneratedRegex("data-csrf-header=\"(?<header>[^\"]+)\" data-csrf-token=\"(?<token>[^\"]+)\"")]
    private static partial Regex PageToken();

    [GeneratedRegex("<meta name=\"csrf-header\" content=\"(?<header>[^\"]+)\">\\s*<meta name=\"csrf-token\" content=\"(?<token>[^\"]+)\">")]
    private static partial Regex UploadPageToken();
}
