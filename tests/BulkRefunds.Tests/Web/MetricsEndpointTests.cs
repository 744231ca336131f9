using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web;

/// <summary><c>GET /metrics</c> of a real <c>serve</c> host after real work against PostgreSQL, Hangfire and the simulator.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class MetricsEndpointTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Metrics_AfterAManifestRan_CountTheRowsAndTheKlarnaRequestsOfTheRun()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_metrics"), ("Approval:RequiredForWeb", "false"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 3);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);
        await WaitForStatusAsync(Viewer(web), manifestId, "complete");

        using var anonymous = await web.Client().GetAsync(new Uri("/metrics", UriKind.Relative));
        var metrics = await ScrapeAsync(web);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(3, metrics.Value("bulkrefunds_rows_finished_total", ("account", "default"), ("action", "refund"), ("state", "succeeded")));
        Assert.Equal(3, metrics.Sum("bulkrefunds_rows_finished_total"));
        Assert.Equal(3, metrics.Value("bulkrefunds_klarna_requests_total", ("account", "default"), ("operation", "create_refund"), ("status_class", "2xx")));
        Assert.Equal(3, metrics.Value("bulkrefunds_klarna_request_duration_milliseconds_count", ("account", "default"), ("operation", "create_refund")));
        // Every request the simulator answered was counted once, whatever else the run asked (orders looked up first).
        Assert.Equal(web.Simulator.Server.State.GetStats().Requests, metrics.Sum("bulkrefunds_klarna_requests_total"));
        Assert.Equal(metrics.Sum("bulkrefunds_klarna_requests_total"), metrics.Sum("bulkrefunds_klarna_rate_budget_wait_milliseconds_count"));
        Assert.Equal(0, metrics.Sum("bulkrefunds_klarna_rate_limited_total"));
        Assert.Equal(3, metrics.Sum("bulkrefunds_rows_imported_total"));
        Assert.Equal(1, metrics.Sum("bulkrefunds_import_duration_milliseconds_count"));
        Assert.Equal(0, metrics.Sum("bulkrefunds_rows_needs_review"));
    }

    [Fact]
    public async Task Metrics_ManifestAwaitingApproval_ShowInTheGaugeUntilApproved()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_metrics_gauge"), ("OpenTelemetry:GaugeRefreshSeconds", "1"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 1);
        var manifestId = await UploadAsync(Operator(web), "returns.csv", orders.Csv);

        var awaiting = await ScrapeUntilAsync(web, "bulkrefunds_manifests_awaiting_approval", 1);
        using var approved = await PostAsync(SecondOperatorClient(web), $"/api/manifests/{manifestId}/approve");
        await WaitForStatusAsync(Viewer(web), manifestId, "complete");
        var after = await ScrapeUntilAsync(web, "bulkrefunds_manifests_awaiting_approval", 0);

        Assert.Equal(1, awaiting.Sum("bulkrefunds_manifests_awaiting_approval"));
        Assert.Equal(HttpStatusCode.Accepted, approved.StatusCode);
        Assert.Equal(1, after.Value("bulkrefunds_rows_finished_total", ("account", "default"), ("action", "refund"), ("state", "succeeded")));
    }

    [Fact]
    public async Task Metrics_JobFailedWithoutRetries_CountItOnceByJobType()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("web_metrics_jobs"));

        web.App.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => FailingJob.Run());
        var scrape = await ScrapeUntilAsync(web, "bulkrefunds_jobs_failed_total", 1);

        Assert.Equal(1, scrape.Value("bulkrefunds_jobs_failed_total", ("job", nameof(FailingJob))));
    }

    private static async Task<Scrape> ScrapeAsync(WebTestApp web)
    {
        using var response = await Viewer(web).GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return Scrape.Parse(await response.Content.ReadAsStringAsync());
    }

    // The gauges are refreshed in the background (every second here), never by the scrape itself.
    private static async Task<Scrape> ScrapeUntilAsync(WebTestApp web, string gauge, long value)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var scrape = await ScrapeAsync(web);
            if (scrape.Sum(gauge) == value)
            {
                return scrape;
            }

            await Task.Delay(200, timeout.Token);
        }
    }

    /// <summary>The samples of a scrape in Prometheus' text format: name, labels, value.</summary>
    private sealed record Scrape(IReadOnlyList<(string Name, Dictionary<string, string> Labels, decimal Value)> Samples)
    {
        public static Scrape Parse(string text) => new([.. text.Split('\n')
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => SampleLine().Match(line) is { Success: true } match ? match : throw new FormatException($"Not a sample line: {line}"))
            .Select(match => (match.Groups["name"].Value,
                LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(label => label.Groups[1].Value, label => label.Groups[2].Value, StringComparer.Ordinal),
                decimal.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture)))]);

        public decimal Sum(string name) => Samples.Where(sample => sample.Name == name).Sum(sample => sample.Value);

        public decimal Value(string name, params (string Key, string Value)[] labels) =>
            Assert.Single(Samples, sample => sample.Name == name && sample.Labels.Count == labels.Length
                && labels.All(label => sample.Labels.GetValueOrDefault(label.Key) == label.Value)).Value;
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""(\w+)="((?:[^"\\]|\\.)*)"(,|$)""")]
    private static partial Regex LabelPair();
}
