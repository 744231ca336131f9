using System.Net;
using Microsoft.Extensions.DependencyInjection;
using BulkRefunds.Host.Web.Manifests;
using BulkRefunds.Reports;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web.Manifests;

/// <summary>Reading a report or summary through the API serves the file last written and never writes it.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportReadingTests(PostgresFixture postgres)
{
    private static readonly DateTime LongAgo = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public async Task Get_WrittenReportAndVerifiedSummary_ServesThemAndLeavesBytesAndTimesUnchanged()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_read_report"), ("Approval:RequiredForWeb", "false"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);
        await WaitForCompleteAndWrittenAsync(web, manifestId);
        // As `bulkrefunds report --verify` does: the summary now holds what Klarna's GET order said.
        var (reportPath, _) = await web.App.Services.GetRequiredService<ReportService>().WriteWithSummaryAsync(manifestId, null, CancellationToken.None, verify: true);
        var summaryPath = Path.ChangeExtension(reportPath, ".summary.json");
        System.IO.File.SetLastWriteTimeUtc(reportPath, LongAgo);
        System.IO.File.SetLastWriteTimeUtc(summaryPath, LongAgo);
        var (reportBytes, summaryBytes) = (await System.IO.File.ReadAllBytesAsync(reportPath), await System.IO.File.ReadAllBytesAsync(summaryPath));

        using var report = await Viewer(web).GetAsync(new Uri($"/api/manifests/{manifestId}/report", UriKind.Relative));
        using var summary = await Viewer(web).GetAsync(new Uri($"/api/manifests/{manifestId}/summary", UriKind.Relative));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (report.StatusCode, summary.StatusCode));
        Assert.Equal(reportBytes, await report.Content.ReadAsByteArrayAsync());
        Assert.Equal(summaryBytes, await summary.Content.ReadAsByteArrayAsync());
        Assert.Equal(reportBytes, await System.IO.File.ReadAllBytesAsync(reportPath));
        Assert.Equal(summaryBytes, await System.IO.File.ReadAllBytesAsync(summaryPath));
        Assert.Equal((LongAgo, LongAgo), (System.IO.File.GetLastWriteTimeUtc(reportPath), System.IO.File.GetLastWriteTimeUtc(summaryPath)));
        var verification = (await JsonAsync(summary)).GetProperty("verification");
        Assert.Equal((2, 0), (verification.GetProperty("orders_checked").GetInt32(), verification.GetProperty("mismatches").GetArrayLength()));
    }

    [Fact]
    public async Task Get_ReportNeverWritten_Is404SayingItIsBeingWrittenThenServesWhatTheJobWrote()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_read_missing"));
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(web.Simulator, 1);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv); // awaits approval: nothing writes its report
        var before = Directory.GetFiles(web.ReportsFolder, $"*_{manifestId}.*");

        using var first = await Viewer(web).GetAsync(new Uri($"/api/manifests/{manifestId}/report", UriKind.Relative));
        var problem = await JsonAsync(first);
        var written = await WaitForReportAsync(Viewer(web), manifestId);

        Assert.Empty(before);
        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(ReportEndpoints.RetryAfterSeconds), first.Headers.RetryAfter?.Delta);
        Assert.Equal((ReportEndpoints.BeingWritten, ReportEndpoints.BeingWritten), (problem.GetProperty("detail").GetString(), problem.GetProperty("error").GetString()));
        Assert.Equal("pending", Assert.Single(ReportFile.Read(folder.File("report.csv", written)))["status"]);
    }

    [Fact]
    public async Task Page_ReportWrittenBeforeTheRowsLastChanged_SaysWhenItWasWrittenAndThatRowsChangedSince()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_report_written"), ("Approval:RequiredForWeb", "false"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 1);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);
        await WaitForCompleteAndWrittenAsync(web, manifestId);
        var reportPath = Assert.Single(Directory.GetFiles(web.ReportsFolder, $"*_{manifestId}.csv"));
        var current = await Viewer(web).GetStringAsync(new Uri("/hangfire/manifests", UriKind.Relative));
        System.IO.File.SetLastWriteTimeUtc(reportPath, LongAgo);

        var stale = await Viewer(web).GetStringAsync(new Uri("/hangfire/manifests", UriKind.Relative));

        Assert.Matches($"id=\"report-written-{manifestId}\">written \\d{{4}}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC<", current);
        Assert.Contains($"id=\"report-written-{manifestId}\">written 2020-01-02 03:04:05 UTC{Host.Web.Dashboard.ManifestsPage.ReportWrittenBeforeChanges}<",
            stale.Replace("&#39;", "'", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    // "complete" shows once completed_at is set, before the completing job has written the report: let every job end, or
    // its write would land after the test looked for the file or set its times.
    private static async Task WaitForCompleteAndWrittenAsync(WebTestApp web, Guid manifestId)
    {
        await WaitForStatusAsync(Viewer(web), manifestId, "complete");
        await WaitForJobsIdleAsync(web.App.Services.GetRequiredService<Hangfire.JobStorage>().GetMonitoringApi());
    }

    private static async Task WaitForJobsIdleAsync(Hangfire.Storage.IMonitoringApi jobs)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        for (var quiet = 0; quiet < 3; quiet = jobs.ProcessingCount() == 0 && jobs.Queues().Sum(queue => queue.Length) == 0 ? quiet + 1 : 0)
        {
            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task<string> WaitForReportAsync(HttpClient client, Guid manifestId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            using var response = await client.GetAsync(new Uri($"/api/manifests/{manifestId}/report", UriKind.Relative), timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await response.Content.ReadAsStringAsync(timeout.Token);
            }

            await Task.Delay(200, timeout.Token);
        }
    }
}
