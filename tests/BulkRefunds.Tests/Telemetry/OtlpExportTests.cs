using System.Collections.Concurrent;
using System.Text;
using BulkRefunds.Host;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BulkRefunds.Tests.Telemetry;

/// <summary><c>OpenTelemetry:Endpoint</c>: a worker exports its spans and metrics to a collector (here a stand-in on loopback).</summary>
[Collection(PostgresCollection.Name)]
public sealed class OtlpExportTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Run_WithAnOtlpEndpoint_ExportsTheRunsSpansAndMetricsOverHttpProtobuf()
    {
        var received = new ConcurrentQueue<(string Path, string? ContentType, string Body)>();
        await using var collector = await StartCollectorAsync(received);
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(simulator, 2);
        var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("otlp"), simulator, folder.Path, new Dictionary<string, string?>
        {
            ["OpenTelemetry:Endpoint"] = collector.Urls.Single(),
            ["OpenTelemetry:Protocol"] = "http/protobuf",
        });

        await using (app)
        {
            var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(folder.File("returns.csv", orders.Csv), "test", default);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(import.Manifest.ManifestId, null, timeout.Token);
        }

        // Disposing the host flushed both exporters; protobuf keeps strings as UTF-8, so names can be found in the bytes.
        var traces = string.Concat(received.Where(export => export.Path == "/v1/traces").Select(export => export.Body));
        var metrics = string.Concat(received.Where(export => export.Path == "/v1/metrics").Select(export => export.Body));
        Assert.All(received, export => Assert.Equal("application/x-protobuf", export.ContentType));
        Assert.Contains("dispatch manifest", traces, StringComparison.Ordinal);
        Assert.Contains("Klarna create_refund", traces, StringComparison.Ordinal);
        Assert.Contains(orders.Rows[0].OrderId, traces, StringComparison.Ordinal);
        Assert.Contains("bulkrefunds.rows.finished", metrics, StringComparison.Ordinal);
        Assert.Contains("bulkrefunds.klarna.requests", metrics, StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<(string, string?, string)> received)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        builder.Logging.ClearProviders();
        var collector = builder.Build();
        collector.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path.Value!, context.Request.ContentType, Encoding.UTF8.GetString(body.ToArray())));
            return Results.Ok();
        });
        await collector.StartAsync();
        return collector;
    }
}
