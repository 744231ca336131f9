namespace BulkRefunds.Telemetry;

/// <summary>The span tags of <see cref="BulkRefundsTelemetry"/>, as exporters show them.</summary>
public static class TelemetryTags
{
    public const string ManifestId = "bulkrefunds.manifest_id";
    public const string LineNumber = "bulkrefunds.line_number";
    public const string OrderId = "bulkrefunds.order_id";
    public const string Account = "bulkrefunds.account";
    public const string Operation = "klarna.operation";
    public const string CorrelationId = "klarna.correlation_id";
    public const string HttpStatus = "http.response.status_code";
}
