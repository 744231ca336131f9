using System.Collections.Concurrent;
using System.Diagnostics;
using BulkRefunds.Telemetry;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Telemetry;

/// <summary>The spans of a run as an OTLP exporter would receive them: one per dispatch, one per row, one per Klarna call.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TracesTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Dispatch_OfAManifest_TagsEveryKlarnaCallWithItsManifestLineOrderAndCorrelationId()
    {
        var spans = new ConcurrentQueue<Activity>();
        // Tests run one after another (TestParallelization.cs), so this listener hears this test's host only.
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == BulkRefundsTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("traces"), ("Approval:RequiredForWeb", "false"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);

        var manifestId = (await UploadAsync(Operator(web), "returns.csv", orders.Csv)).ToString("D");
        await WaitForStatusAsync(Viewer(web), manifestId: Guid.Parse(manifestId), "complete");

        var dispatch = Assert.Single(spans, span => span.OperationName == "dispatch manifest");
        Assert.Equal(manifestId, dispatch.GetTagItem(TelemetryTags.ManifestId));
        var refunds = spans.Where(span => span.OperationName == "Klarna create_refund").OrderBy(span => (int)span.GetTagItem(TelemetryTags.LineNumber)!).ToList();
        Assert.Equal([2, 3], refunds.Select(span => (int)span.GetTagItem(TelemetryTags.LineNumber)!));
        Assert.Equal(orders.Rows.Select(row => row.OrderId), refunds.Select(span => (string?)span.GetTagItem(TelemetryTags.OrderId)));
        Assert.All(refunds, span =>
        {
            Assert.Equal(manifestId, span.GetTagItem(TelemetryTags.ManifestId));
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(201, span.GetTagItem(TelemetryTags.HttpStatus));
            Assert.False(string.IsNullOrEmpty((string?)span.GetTagItem(TelemetryTags.CorrelationId)));
            Assert.Equal(dispatch.TraceId, span.TraceId);
        });
    }
}
