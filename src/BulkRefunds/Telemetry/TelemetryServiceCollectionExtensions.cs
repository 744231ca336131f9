using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Telemetry;

/// <summary>The meter and activity source every room records into (exporters are the host's: OTLP and /metrics).</summary>
public static class TelemetryServiceCollectionExtensions
{
    public static IServiceCollection AddBulkRefundsTelemetry(this IServiceCollection services) =>
        services.AddMetrics().AddSingleton<BulkRefundsTelemetry>();
}
