using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace BulkRefunds.Host.Telemetry;

/// <summary>
/// The OpenTelemetry metrics of this host in Prometheus' text format, read on demand by <c>GET /metrics</c>. A pull reader of
/// the same MeterProvider that feeds OTLP, so both see the same cumulative values. OpenTelemetry's own Prometheus exporter is
/// still a pre-release package (docs/operations.md says why we do not ship it).
/// </summary>
public sealed class PrometheusScrape
{
    private readonly Lock gate = new();
    private readonly TextExporter exporter = new();

    public PrometheusScrape() => Reader = new BaseExportingMetricReader(exporter);

    public MetricReader Reader { get; }

    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Collects every instrument now (observable gauges call back) and renders what was collected.</summary>
    public string Render()
    {
        // One scrape at a time: the exporter renders into one buffer while the SDK hands it the batch.
        lock (gate)
        {
            exporter.Clear();
            Reader.Collect();
            return exporter.Text;
        }
    }

    private sealed class TextExporter : BaseExporter<Metric>
    {
        private readonly PrometheusText text = new();

        public string Text => text.ToString();

        public void Clear() => text.Clear();

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                text.Append(metric);
            }

            return ExportResult.Success;
        }
    }
}
