using System.Diagnostics.Metrics;
using BulkRefunds.Reports;
using BulkRefunds.Telemetry;
using Npgsql;

namespace BulkRefunds.Host.Telemetry;

/// <summary>
/// The gauges of what waits for a person. Observable gauges are read on every scrape and export, so they read a cached
/// value that this service refreshes every <c>OpenTelemetry:GaugeRefreshSeconds</c> — never a query per read.
/// </summary>
public sealed class AttentionGauges(AttentionStore store, BulkRefundsTelemetry telemetry, IConfiguration configuration, TimeProvider timeProvider,
    ILogger<AttentionGauges> logger) : BackgroundService
{
    private AttentionCounts counts = new(0, 0, 0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        telemetry.Meter.CreateObservableGauge("bulkrefunds.rows.in_doubt", () => Volatile.Read(ref counts).RowsInDoubt, "{row}",
            "Rows that may have been applied and are still being settled.");
        telemetry.Meter.CreateObservableGauge("bulkrefunds.rows.needs_review", () => Volatile.Read(ref counts).RowsNeedingReview, "{row}",
            "Rows a person must check on the order before anything is sent again.");
        telemetry.Meter.CreateObservableGauge("bulkrefunds.manifests.awaiting_approval", () => Volatile.Read(ref counts).ManifestsAwaitingApproval, "{manifest}",
            "Manifests of which nothing is sent until they are approved.");
        var seconds = Math.Max(1, configuration.GetValue("OpenTelemetry:GaugeRefreshSeconds", 15));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                Volatile.Write(ref counts, await store.ReadAsync(stoppingToken));
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                // The last counts stay; /health is what reports the database down.
                logger.LogWarning(exception, "Could not refresh the attention gauges; trying again in {Seconds} s", seconds);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(seconds), timeProvider, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
