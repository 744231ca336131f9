using BulkRefunds.Telemetry;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BulkRefunds.Host.Telemetry;

/// <summary>
/// Section <c>OpenTelemetry</c>: the BulkRefunds meter and activity source, exported over OTLP when <c>Endpoint</c> is set
/// and scraped at <c>/metrics</c> on <c>serve</c>; Npgsql and HttpClient spans and metrics beside ours (docs/operations.md).
/// </summary>
public static class ObservabilitySetup
{
    public static IServiceCollection AddObservability(this IServiceCollection services, IConfiguration configuration, bool scrape)
    {
        services.AddBulkRefundsTelemetry();
        // JSON console lines (Logging:Console:FormatterName=json) carry the scopes, such as a dispatch's manifest id.
        services.Configure<JsonConsoleFormatterOptions>(json => json.IncludeScopes = true);
        // Given to this host's Hangfire server beside its other filters (HangfireSetup), not to the process-wide GlobalJobFilters.
        services.AddSingleton<JobFailureFilter>();
        var endpoint = configuration["OpenTelemetry:Endpoint"] is { Length: > 0 } configured ? new Uri(configured, UriKind.Absolute) : null;
        if (endpoint is null && !scrape)
        {
            return services;
        }

        services.AddHostedService<AttentionGauges>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("bulkrefunds"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(BulkRefundsTelemetry.Name, "Npgsql").AddHttpClientInstrumentation().AddAspNetCoreInstrumentation();
                if (scrape)
                {
                    services.AddSingleton<PrometheusScrape>();
                    metrics.AddReader(provider => provider.GetRequiredService<PrometheusScrape>().Reader);
                }
            });
        if (endpoint is not null)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(BulkRefundsTelemetry.Name).AddNpgsql().AddHttpClientInstrumentation().AddAspNetCoreInstrumentation())
                .UseOtlpExporter(configuration["OpenTelemetry:Protocol"] is "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc, endpoint);
        }

        return services;
    }
}
