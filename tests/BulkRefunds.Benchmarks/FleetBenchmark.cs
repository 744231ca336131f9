using System.Diagnostics;
using System.Globalization;
using BulkRefunds.Host;
using BulkRefunds.Host.EmbeddedPostgres;
using BulkRefunds.Staging;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// <c>dispatch --workers 1,2,4</c>: several worker processes (<see cref="FleetWorker"/>) on one database and one simulator
/// process that answers 429 above the cap, each configured with the account's full rate (issue 16). For each worker
/// count: one manifest (one worker has the dispatch job, the others are idle) and one manifest per worker; with
/// <c>--kill true</c> also a run where one of two busy workers is killed with SIGKILL a third of the way in.
/// </summary>
public static class FleetBenchmark
{
    private const int LatencyMilliseconds = 50;

    public static async Task<bool> RunAsync(Options options, LocalPostgresCluster cluster, StatementCounter? counter, string folder)
    {
        var rows = options.Int("rows", 4_000);
        var cap = options.Int("cap", 200);
        var concurrency = options.Int("concurrency", 64);
        var counts = options.Text("workers", "1,2,4").Split(',').Select(text => int.Parse(text, CultureInfo.InvariantCulture)).ToList();
        var allMet = true;
        Console.WriteLine($"dispatch --workers: {rows} rows per run, cap {cap}/s (simulator process: 429 above it, latency {LatencyMilliseconds} ms), " +
            $"each worker configured with RequestsPerSecond {cap}, Dispatch:Concurrency {concurrency}, Hangfire:WorkerCount 1; load average {LoadAverage()}");
        Console.WriteLine("workers  manifests  wall s  requests  req/s  full-s mean  ratio  429  max fixed s  max sliding s  budget stmts/s (per worker)  load");
        foreach (var workers in counts)
        {
            foreach (var manifests in workers == 1 ? [1] : new[] { 1, workers })
            {
                var run = await RunOnceAsync(cluster, counter, folder, rows, cap, concurrency, workers, manifests, killAfter: null);
                allMet &= run.Print(cap);
            }
        }

        if (options.Text("kill", "false") == "true")
        {
            var run = await RunOnceAsync(cluster, counter, folder, rows, cap, concurrency, workers: 2, manifests: 2, killAfter: TimeSpan.FromSeconds(6));
            allMet &= run.Print(cap);
            allMet &= run.PrintAfterKill(cap);
        }

        return allMet;
    }

    private static async Task<FleetRun> RunOnceAsync(LocalPostgresCluster cluster, StatementCounter? counter, string folder,
        int rows, int cap, int concurrency, int workers, int manifests, TimeSpan? killAfter)
    {
        var cancellationToken = CancellationToken.None;
        await using var simulator = await SimulatorProcess.StartAsync("--latency-ms", Invariant(LatencyMilliseconds), "--rate-limit", Invariant(cap));
        using var control = new SimulatorControl(simulator.BaseAddress);
        await control.AddOrdersAsync(rows, cancellationToken);

        var database = $"fleet_{workers}_{manifests}_{Guid.NewGuid():N}"[..40];
        await cluster.CreateDatabaseAsync(database, cancellationToken);
        var connectionString = cluster.ConnectionString(database);
        var reports = Path.Combine(folder, "reports", database);
        var run = new FleetRun(workers, manifests, killAfter is not null);
        // The importer and the runner of the run; it starts no Hangfire server, so only the worker processes dispatch.
        await using (var coordinator = await AppHost.CreateWorkerAsync([], DispatchScenario.HostSettings(connectionString, simulator.BaseAddress, reports, cap, concurrency), cancellationToken))
        {
            var importer = coordinator.Services.GetRequiredService<ManifestImporter>();
            var ids = new List<Guid>();
            for (var i = 0; i < manifests; i++)
            {
                var file = RefundManifest.Write(folder, rows / manifests, first: i * (rows / manifests));
                ids.Add((await importer.ImportAsync(file, "bench", cancellationToken)).Manifest.ManifestId);
            }

            var fleet = await Task.WhenAll(Enumerable.Range(0, workers).Select(_ =>
                WorkerProcess.StartAsync(connectionString, simulator.BaseAddress, reports, cap, concurrency)));
            try
            {
                var runner = coordinator.Services.GetRequiredService<ManifestRunner>();
                await control.ResetStatsAsync(cancellationToken);
                var before = counter is null ? StatementSnapshot.Empty : await counter.SnapshotAsync(database);
                var clock = Stopwatch.StartNew();
                using var stop = new CancellationTokenSource();
                var dispatching = Task.WhenAll(ids.Select(id => runner.RunToCompletionAsync(id, null, stop.Token)));
                if (killAfter is { } after)
                {
                    // The killed worker's manifest waits for its lease to run out, so the run ends a while after the kill.
                    await Task.Delay(after, cancellationToken);
                    fleet[0].Kill();
                    run.KilledAt = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
                    await Task.Delay(TimeSpan.FromSeconds(8), cancellationToken);
                }
                else
                {
                    await dispatching;
                }

                run.Wall = clock.Elapsed;
                var statements = counter is null ? [] : (await counter.SnapshotAsync(database)).Since(before);
                run.BudgetStatements = statements.Where(s => s.Query.Contains("klarna_rate_budget", StringComparison.Ordinal)).Sum(s => s.Calls);
                run.Stats = await control.StatsAsync(cancellationToken);
                run.Load = LoadAverage();
                await stop.CancelAsync();
                await dispatching.ContinueWith(_ => { }, TaskScheduler.Default); // the killed worker's manifest is left open
            }
            finally
            {
                foreach (var worker in fleet)
                {
                    await worker.DisposeAsync();
                }
            }
        }

        await cluster.DropDatabaseAsync(database, cancellationToken);
        if (Directory.Exists(reports))
        {
            Directory.Delete(reports, recursive: true);
        }

        return run;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
