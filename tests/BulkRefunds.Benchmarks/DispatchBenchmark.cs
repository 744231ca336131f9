using BulkRefunds.Host.EmbeddedPostgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// Dispatch through the real host (Hangfire with PostgreSQL storage) against a simulator in its own process:
/// rate fidelity under Klarna's 200/s with a simulator that answers 429 above it, headroom at 1,000/s end to end,
/// and overhead (Hangfire jobs and our statements per row) on a larger manifest. Each scenario gets a fresh
/// database on one private cluster that has pg_stat_statements loaded.
/// </summary>
public static class DispatchBenchmark
{
    public static async Task<int> RunAsync(Options options)
    {
        var rows = options.Int("rows", 20_000);
        var concurrency = options.Int("concurrency", 64);
        var batch = options.Int("batch", 0);
        var preflight = options.Text("preflight", "") is { Length: > 0 } text ? text : null;
        var only = options.Text("only", "fidelity,headroom,overhead").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        DispatchScenario[] scenarios =
        [
            new("fidelity", rows, RequestsPerSecond: 200, LatencyMilliseconds: 50, SimulatorRateLimit: 200, concurrency, batch, preflight),
            new("headroom", rows, RequestsPerSecond: 1_000, LatencyMilliseconds: 20, SimulatorRateLimit: 0, concurrency, batch, preflight),
            new("overhead", options.Int("overhead-rows", 100_000), RequestsPerSecond: 2_000, LatencyMilliseconds: 0, SimulatorRateLimit: 0, concurrency, batch, preflight),
        ];

        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bulkrefunds-bench")).FullName;
        var dataDirectory = Path.Combine(folder, "pg-dispatch");
        var cluster = await LocalPostgresCluster.StartAsync(dataDirectory, NullLogger.Instance, CancellationToken.None);
        try
        {
            if (await StatementCounter.PreloadAsync(cluster))
            {
                // shared_preload_libraries takes effect at server start only.
                await cluster.DisposeAsync();
                cluster = await LocalPostgresCluster.StartAsync(dataDirectory, NullLogger.Instance, CancellationToken.None);
            }

            var counter = await StatementCounter.CreateAsync(cluster);
            if (options.Text("workers", "") is { Length: > 0 })
            {
                return await FleetBenchmark.RunAsync(options, cluster, counter, folder) ? 0 : 2;
            }

            var allMet = true;
            foreach (var scenario in scenarios.Where(scenario => only.Contains(scenario.Name, StringComparer.Ordinal)))
            {
                var run = await scenario.RunAsync(cluster, counter, folder, CancellationToken.None);
                allMet &= DispatchReport.Print(run, Console.Out);
                Console.WriteLine();
            }

            return allMet ? 0 : 2;
        }
        finally
        {
            await cluster.DisposeAsync();
        }
    }
}
