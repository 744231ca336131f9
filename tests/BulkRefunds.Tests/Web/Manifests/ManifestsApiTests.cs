using System.Net;
using BulkRefunds.Host.Web.Manifests;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Security;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web.Manifests;

/// <summary>The manifests API over real Kestrel on loopback, real users, PostgreSQL, Hangfire and the simulator.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ManifestsApiTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Upload_GoodManifestAsOperator_IsStagedAwaitingApprovalAndNothingIsSent()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_upload"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 3);

        using var response = await Operator(web).PostAsync(new Uri("/api/manifests", UriKind.Relative), File("nightly-returns.csv", orders.Csv));
        var body = await JsonAsync(response);
        var manifestId = body.GetProperty("manifestId").GetGuid();
        var status = await StatusAsync(Viewer(web), manifestId);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/manifests/{manifestId}", response.Headers.Location?.OriginalString);
        Assert.Equal(("nightly-returns.csv", "awaiting_approval", false, 3), (body.GetProperty("fileName").GetString(),
            body.GetProperty("status").GetString(), body.GetProperty("alreadyImported").GetBoolean(), body.GetProperty("rows").GetInt32()));
        Assert.Equal(3, body.GetProperty("rowsByState").GetProperty("staged").GetInt32());
        Assert.Equal(0, body.GetProperty("validation").GetProperty("invalidRows").GetInt32());
        Assert.Empty(await web.Simulator.LedgerAsync());
        Assert.Equal((TestUsers.Operator, "awaiting_approval"), (status.GetProperty("uploadedBy").GetString(), status.GetProperty("status").GetString()));
        Assert.True(status.GetProperty("approval").GetProperty("required").GetBoolean());
        Assert.Equal(64, status.GetProperty("sha256").GetString()!.Length);
        Assert.Equal((3, 0), (status.GetProperty("rows").GetProperty("total").GetInt32(), status.GetProperty("rows").GetProperty("final").GetInt32()));
        var eur = Assert.Single(status.GetProperty("currencies").EnumerateArray());
        Assert.Equal(("EUR", orders.Rows.Sum(row => row.AmountMinor), "31.11", "0.00"), (eur.GetProperty("currency").GetString(),
            eur.GetProperty("requestedMinor").GetInt64(), eur.GetProperty("requested").GetString(), eur.GetProperty("refunded").GetString()));
        Assert.Equal($"/api/manifests/{manifestId}/report", status.GetProperty("links").GetProperty("report").GetString());
    }

    [Fact]
    public async Task Approve_BySecondOperator_SendsEveryRowOnceAndTheReportShowsThemSucceeded()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_approve"));
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(web.Simulator, 3);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);

        using var byUploader = await PostAsync(Operator(web), $"/api/manifests/{manifestId}/approve");
        using var approved = await PostAsync(SecondOperatorClient(web), $"/api/manifests/{manifestId}/approve");
        var complete = await WaitForStatusAsync(Viewer(web), manifestId, "complete");
        using var report = await Viewer(web).GetAsync(new Uri($"/api/manifests/{manifestId}/report", UriKind.Relative));
        var csv = folder.File("report.csv", await report.Content.ReadAsStringAsync());
        using var summary = await Viewer(web).GetAsync(new Uri($"/api/manifests/{manifestId}/summary", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Conflict, byUploader.StatusCode);
        Assert.Contains("four-eyes", (await JsonAsync(byUploader)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        Assert.Equal($"/api/manifests/{manifestId}", approved.Headers.Location?.OriginalString);
        Assert.Contains("Approved", (await JsonAsync(approved)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(SecondOperator, complete.GetProperty("approval").GetProperty("approvedBy").GetString());
        Assert.Equal("text/csv; charset=utf-8", report.Content.Headers.ContentType?.ToString());
        Assert.Equal("attachment", report.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith($"_returns_{manifestId}.csv", report.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        orders.AssertReportMatchesLedger(ReportFile.Read(csv), await web.Simulator.LedgerAsync());
        orders.AssertExactlyOneRefundPerRow(await web.Simulator.LedgerAsync());
        Assert.Equal(3, (await JsonAsync(summary)).GetProperty("rows_by_status").GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task Retry_AfterEveryRowSucceeded_SendsNothingAgain()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_retry"), ("Approval:RequiredForWeb", "false"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);
        await WaitForStatusAsync(Viewer(web), manifestId, "complete");
        var ledgerBefore = await web.Simulator.LedgerAsync();

        using var retried = await PostAsync(Operator(web), $"/api/manifests/{manifestId}/retry");
        await Task.Delay(1000); // a dispatch wrongly enqueued by the retry would have sent by now (the queue polls every 200 ms)
        var status = await WaitForStatusAsync(Viewer(web), manifestId, "complete");

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Contains("succeeded rows are never sent again", (await JsonAsync(retried)).GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, ledgerBefore.Count);
        Assert.Equal(ledgerBefore.Count, (await web.Simulator.LedgerAsync()).Count);
        Assert.Equal(2, status.GetProperty("rowsByState").GetProperty("succeeded").GetInt32());
    }

    [Fact]
    public async Task Viewer_ReadsStatusAndReports_ButCannotUploadApproveRetryOrCancel()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_viewer"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 1);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);
        var viewer = Viewer(web);

        using var upload = await viewer.PostAsync(new Uri("/api/manifests", UriKind.Relative), File("other.csv", orders.Csv + "\n"));
        var actions = new List<HttpStatusCode>();
        foreach (var action in new[] { "approve", "retry", "cancel" })
        {
            using var response = await PostAsync(viewer, $"/api/manifests/{manifestId}/{action}");
            actions.Add(response.StatusCode);
        }

        using var uploadPage = await viewer.GetAsync(new Uri("/upload", UriKind.Relative));
        using var list = await viewer.GetAsync(new Uri("/api/manifests", UriKind.Relative));
        using var report = await viewer.GetAsync(new Uri($"/api/manifests/{manifestId}/report", UriKind.Relative));
        using var summary = await viewer.GetAsync(new Uri($"/api/manifests/{manifestId}/summary", UriKind.Relative));
        using var anonymousList = await web.Client().GetAsync(new Uri("/api/manifests", UriKind.Relative));
        using var anonymousApprove = await PostAsync(web.Client(), $"/api/manifests/{manifestId}/approve");

        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.All(actions, status => Assert.Equal(HttpStatusCode.Forbidden, status));
        Assert.Equal(HttpStatusCode.Forbidden, uploadPage.StatusCode);
        Assert.Equal(manifestId, Assert.Single((await JsonAsync(list)).EnumerateArray()).GetProperty("manifestId").GetGuid());
        // Never written (nothing was sent): a GET does not write it, it has it written and says so (ReportReadingTests).
        Assert.Equal(HttpStatusCode.NotFound, report.StatusCode);
        Assert.Equal(ReportEndpoints.BeingWritten, (await JsonAsync(report)).GetProperty("error").GetString());
        Assert.Contains(summary.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.OK }); // OK once the enqueued write ran
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (anonymousList.StatusCode, anonymousApprove.StatusCode));
        Assert.Equal("awaiting_approval", (await StatusAsync(viewer, manifestId)).GetProperty("status").GetString());
        Assert.Empty(await web.Simulator.LedgerAsync());
    }

    [Fact]
    public async Task Upload_OverTheSizeLimit_Is413AndNothingIsStaged()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_large"), ("Manifests:MaxFileBytes", "2048"));
        var csv = "order_id,currency,amount\n" + string.Concat(Enumerable.Range(1, 300).Select(i => $"order-{i},EUR,10.00\n"));

        using var response = await Operator(web).PostAsync(new Uri("/api/manifests", UriKind.Relative), File("big.csv", csv));
        var error = (await JsonAsync(response)).GetProperty("error").GetString();
        using var list = await Viewer(web).GetAsync(new Uri("/api/manifests", UriKind.Relative));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("The file is larger than the limit of 2,048 bytes for one manifest. Split it into smaller files.", error);
        Assert.Empty((await JsonAsync(list)).EnumerateArray());
        var uploads = Path.Combine(web.ReportsFolder, ".uploads");
        Assert.True(!Directory.Exists(uploads) || Directory.GetFiles(uploads).Length == 0, "The partial upload was left on disk.");
    }

    [Theory]
    [InlineData("order_id,currency,amount,colour\n1,EUR,1.00,red\n", "colour")]
    [InlineData("PK\u0003\u0004\u0014\u0000\u0006\u0000workbook", "Excel workbook")]
    public async Task Upload_BadFile_Is422WithAReadableMessage(string contents, string expected)
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_bad"));

        using var response = await Operator(web).PostAsync(new Uri("/api/manifests", UriKind.Relative), File("returns.csv", contents));
        var body = await JsonAsync(response);
        using var list = await Viewer(web).GetAsync(new Uri("/api/manifests", UriKind.Relative));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var error = body.GetProperty("error").GetString()!;
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((422, error), (body.GetProperty("status").GetInt32(), body.GetProperty("detail").GetString()));
        Assert.DoesNotContain("Exception", body.GetRawText(), StringComparison.Ordinal);
        Assert.Empty((await JsonAsync(list)).EnumerateArray());
    }

    [Fact]
    public async Task Upload_SameFileTwice_AnswersWithTheFirstManifest()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_twice"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        var first = await UploadAsync(Operator(web), "returns.csv", orders.Csv);

        using var again = await SecondOperatorClient(web).PostAsync(new Uri("/api/manifests", UriKind.Relative), File("returns-copy.csv", orders.Csv));
        var body = await JsonAsync(again);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True(body.GetProperty("alreadyImported").GetBoolean());
        Assert.Equal((first, "returns.csv"), (body.GetProperty("manifestId").GetGuid(), body.GetProperty("fileName").GetString()));
    }

    [Fact]
    public async Task Upload_InvalidRows_AreListedWithTheirLineNumbersAndProblems()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_invalid"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 1);
        var csv = orders.Csv + "order-x,EUR,-5\norder-y,XYZ,100\n";

        using var response = await Operator(web).PostAsync(new Uri("/api/manifests", UriKind.Relative), File(@"C:\Users\finance\returns.csv", csv));
        var body = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("returns.csv", body.GetProperty("fileName").GetString());
        Assert.Equal(2, body.GetProperty("rowsByState").GetProperty("invalid").GetInt32());
        var validation = body.GetProperty("validation");
        Assert.Equal(2, validation.GetProperty("invalidRows").GetInt32());
        Assert.Equal([3, 4], validation.GetProperty("problems").EnumerateArray().Select(problem => problem.GetProperty("line").GetInt32()));
        Assert.All(validation.GetProperty("problems").EnumerateArray(), problem => Assert.NotEmpty(problem.GetProperty("problems").GetString()!));
    }

    [Fact]
    public async Task Actions_UnknownManifest_Are404()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_unknown"));
        var unknown = Guid.NewGuid();

        using var approve = await PostAsync(Operator(web), $"/api/manifests/{unknown}/approve");
        using var cancel = await PostAsync(Operator(web), $"/api/manifests/{unknown}/cancel");
        using var status = await Viewer(web).GetAsync(new Uri($"/api/manifests/{unknown}", UriKind.Relative));
        using var report = await Viewer(web).GetAsync(new Uri($"/api/manifests/{unknown}/report", UriKind.Relative));

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            new[] { approve.StatusCode, cancel.StatusCode, status.StatusCode, report.StatusCode });
    }
}
