// Sample values are doubles in the exposition format and in the SDK's histogram sums and bounds; none of them is money.
#pragma warning disable RS0030
using System.Globalization;
using System.Text;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace BulkRefunds.Host.Telemetry;

/// <summary>
/// Prometheus text exposition format 0.0.4 of OpenTelemetry metrics: <c>bulkrefunds.klarna.requests</c> becomes
/// <c>bulkrefunds_klarna_requests_total</c>, a unit of <c>ms</c> a <c>_milliseconds</c> suffix, tags become labels.
/// </summary>
internal sealed class PrometheusText
{
    private readonly StringBuilder text = new();

    public override string ToString() => text.ToString();

    public void Clear() => text.Clear();

    public void Append(Metric metric)
    {
        var name = Name(metric);
        var (type, suffix) = metric.MetricType switch
        {
            MetricType.LongSum or MetricType.DoubleSum => ("counter", "_total"),
            MetricType.Histogram => ("histogram", ""),
            MetricType.LongGauge or MetricType.DoubleGauge or MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => ("gauge", ""),
            _ => (null, ""), // exponential histograms: not configured for this service
        };
        if (type is null)
        {
            return;
        }

        text.Append("# HELP ").Append(name).Append(suffix).Append(' ').Append(metric.Description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        text.Append("# TYPE ").Append(name).Append(suffix).Append(' ').Append(type).Append('\n');
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = Labels(point.Tags);
            switch (metric.MetricType)
            {
                case MetricType.Histogram:
                    AppendHistogram(name, labels, point);
                    break;
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    Sample(name + suffix, labels, point.GetSumLong().ToString(CultureInfo.InvariantCulture));
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    Sample(name + suffix, labels, Number(point.GetSumDouble()));
                    break;
                case MetricType.LongGauge:
                    Sample(name, labels, point.GetGaugeLastValueLong().ToString(CultureInfo.InvariantCulture));
                    break;
                default:
                    Sample(name, labels, Number(point.GetGaugeLastValueDouble()));
                    break;
            }
        }
    }

    private void AppendHistogram(string name, List<KeyValuePair<string, string>> labels, MetricPoint point)
    {
        var cumulative = 0L;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            Sample(name + "_bucket", [.. labels, new("le", double.IsPositiveInfinity(bucket.ExplicitBound) ? "+Inf" : Number(bucket.ExplicitBound))],
                cumulative.ToString(CultureInfo.InvariantCulture));
        }

        Sample(name + "_sum", labels, Number(point.GetHistogramSum()));
        Sample(name + "_count", labels, point.GetHistogramCount().ToString(CultureInfo.InvariantCulture));
    }

    private void Sample(string name, List<KeyValuePair<string, string>> labels, string value)
    {
        text.Append(name);
        if (labels.Count > 0)
        {
            text.Append('{').AppendJoin(',', labels.Select(label => $"{label.Key}=\"{Escape(label.Value)}\"")).Append('}');
        }

        text.Append(' ').Append(value).Append('\n');
    }

    private static List<KeyValuePair<string, string>> Labels(ReadOnlyTagCollection tags)
    {
        var labels = new List<KeyValuePair<string, string>>();
        foreach (var tag in tags)
        {
            labels.Add(new(Sanitize(tag.Key), Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
        }

        return labels;
    }

    private static string Name(Metric metric)
    {
        var name = Sanitize(metric.Name);
        var unit = metric.Unit switch
        {
            "ms" => "_milliseconds",
            "s" => "_seconds",
            "By" => "_bytes",
            _ => "",
        };
        return name.EndsWith(unit, StringComparison.Ordinal) ? name : name + unit;
    }

    // Prometheus names and labels allow [a-zA-Z0-9_:]; OpenTelemetry's dots and dashes become underscores.
    private static string Sanitize(string name) =>
        string.Create(name.Length, name, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsAsciiLetterOrDigit(source[i]) || source[i] is '_' or ':' ? source[i] : '_';
            }
        });

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string Number(double value) => double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);
}
