using System.Diagnostics;
using System.Globalization;
using BulkRefunds.Host;
using BulkRefunds.Host.EmbeddedPostgres;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// One dispatch run through the real host: a fresh database, a simulator process with the given latency and global
/// rate limit holding one captured order per row, then import → Hangfire dispatch → report, measured phase by phase.
/// </summary>
/// <param name="SimulatorRateLimit">The simulator's global limit (429 above it); 0 for none.</param>
/// <param name="BatchSize">Dispatch:BatchSize; 0 keeps appsettings.json's.</param>
/// <param name="Preflight">Dispatch:Preflight (GET order before the first refund); null keeps appsettings.json's.</param>
public sealed record DispatchScenario(string Name, int Rows, int RequestsPerSecond, int LatencyMilliseconds, int SimulatorRateLimit, int Concurrency, int BatchSize, string? Preflight)
{
    public async Task<DispatchRun> RunAsync(LocalPostgresCluster cluster, StatementCounter? counter, string folder, CancellationToken cancellationToken)
    {
        var file = RefundManifest.Write(folder, Rows);
        await using var simulator = await SimulatorProcess.StartAsync(
            "--latency-ms", Invariant(LatencyMilliseconds), "--rate-limit", Invariant(SimulatorRateLimit));
        using var control = new SimulatorControl(simulator.BaseAddress);
        await control.AddOrdersAsync(Rows, cancellationToken);
        await control.ResetStatsAsync(cancellationToken);

        var database = $"dispatch_{Name}_{Guid.NewGuid():N}"[..40];
        await cluster.CreateDatabaseAsync(database, cancellationToken);
        var connectionString = cluster.ConnectionString(database);
        var reports = Path.Combine(folder, "reports", database);
        var run = new DispatchRun { Scenario = this };
        await using (var app = await AppHost.CreateWorkerAsync([], Overrides(connectionString, simulator.BaseAddress, reports), cancellationToken))
        {
            await app.Host.StartAsync(cancellationToken);
            run.TransactionsBefore = await CommittedTransactionsAsync(cluster, database, cancellationToken);
            await MeasureAsync(app, run, counter, database, simulator, cluster.DataDirectory, file, cancellationToken);
            run.Stats = await control.StatsAsync(cancellationToken);
            run.Ledger = await control.LedgerAsync(cancellationToken);
            (run.HangfireJobs, run.HangfireJobsByState) = await HangfireJobsAsync(connectionString, cancellationToken);
            await app.Host.StopAsync(cancellationToken);
        }

        // Backends flush their counters when they exit; the host's pools closed on dispose.
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        run.TransactionsAfter = await CommittedTransactionsAsync(cluster, database, cancellationToken);
        // Everything measured is in `run`; the database and reports of a 100,000-row run are hundreds of MB.
        await cluster.DropDatabaseAsync(database, cancellationToken);
        Directory.Delete(reports, recursive: true);
        return run;
    }

    private static async Task MeasureAsync(AppHost app, DispatchRun run, StatementCounter? counter, string database,
        SimulatorProcess simulator, string dataDirectory, string file, CancellationToken cancellationToken)
    {
        var importer = app.Services.GetRequiredService<ManifestImporter>();
        var runner = app.Services.GetRequiredService<ManifestRunner>();
        var reports = app.Services.GetRequiredService<ReportService>();
        var start = await SnapshotAsync(counter, database);
        var clock = Stopwatch.StartNew();
        var import = await importer.ImportAsync(file, "bench", cancellationToken);
        run.Import = clock.Elapsed;
        var imported = await SnapshotAsync(counter, database);
        var (hostCpu, simulatorCpu, postgresCpu) = (ProcessCpu.Self(), simulator.ProcessorTime, ProcessCpu.Cluster(dataDirectory));
        await runner.RunToCompletionAsync(import.Manifest.ManifestId, new OpenRowsPrinter(run.Scenario.Name, import.Manifest.RowCount), cancellationToken);
        run.Dispatch = clock.Elapsed - run.Import;
        (run.HostCpu, run.SimulatorCpu, run.PostgresCpu) = (ProcessCpu.Self() - hostCpu, simulator.ProcessorTime - simulatorCpu, ProcessCpu.Cluster(dataDirectory) - postgresCpu);
        var dispatched = await SnapshotAsync(counter, database);
        var (_, summary) = await reports.WriteWithSummaryAsync(import.Manifest.ManifestId, null, cancellationToken);
        run.Report = clock.Elapsed - run.Import - run.Dispatch;
        var reported = await SnapshotAsync(counter, database);
        run.Summary = summary;
        run.ImportStatements = imported.Since(start);
        run.DispatchStatements = dispatched.Since(imported);
        run.ReportStatements = reported.Since(dispatched);
    }

    /// <summary>The host's settings for a benchmark run, also given to the worker processes of <see cref="FleetBenchmark"/>.</summary>
    public static Dictionary<string, string?> HostSettings(string connectionString, Uri simulator, string reports, int requestsPerSecond, int concurrency) => new()
    {
        ["ConnectionStrings:BulkRefunds"] = connectionString,
        ["Klarna:Accounts:default:BaseUrl"] = simulator.ToString(),
        ["Klarna:Accounts:default:Username"] = SimulatorProcess.Username,
        ["Klarna:Accounts:default:Password"] = SimulatorProcess.Password,
        ["Klarna:Accounts:default:RequestsPerSecond"] = Invariant(requestsPerSecond),
        ["Dispatch:Concurrency"] = Invariant(concurrency),
        ["Hangfire:QueuePollIntervalMilliseconds"] = "200",
        ["Reports:Directory"] = reports,
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:BulkRefunds"] = "Warning",
    };

    private Dictionary<string, string?> Overrides(string connectionString, Uri simulator, string reports)
    {
        var overrides = HostSettings(connectionString, simulator, reports, RequestsPerSecond, Concurrency);
        if (BatchSize > 0)
        {
            overrides["Dispatch:BatchSize"] = Invariant(BatchSize);
        }

        if (Preflight is not null)
        {
            overrides["Dispatch:Preflight"] = Preflight;
        }

        return overrides;
    }

    private static Task<StatementSnapshot> SnapshotAsync(StatementCounter? counter, string database) =>
        counter?.SnapshotAsync(database) ?? Task.FromResult(StatementSnapshot.Empty);

    public static async Task<long> CommittedTransactionsAsync(LocalPostgresCluster cluster, string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = @Database", connection);
        command.Parameters.AddWithValue("Database", database);
        return (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
    }

    private static async Task<(int Total, IReadOnlyDictionary<string, int> ByState)> HangfireJobsAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // Per job class and state, e.g. "DispatchManifestJob Succeeded": the recurring sweeps create jobs of their own.
        await using var command = new NpgsqlCommand("""
            SELECT split_part(invocationdata::jsonb ->> 'Type', ',', 1) AS type, coalesce(statename, '(none)') AS state, count(*)::int
            FROM hangfire.job GROUP BY 1, 2 ORDER BY 1, 2
            """, connection);
        var byKind = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var type = reader.GetString(0);
            byKind[$"{type[(type.LastIndexOf('.') + 1)..]} {reader.GetString(1)}"] = reader.GetInt32(2);
        }

        return (byKind.Values.Sum(), byKind);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Open rows every 10 s on stderr, so a long run shows it is alive without cluttering the figures.</summary>
    private sealed class OpenRowsPrinter(string name, int rows) : IProgress<int>
    {
        private readonly Stopwatch clock = Stopwatch.StartNew();
        private long lastPrinted;

        public void Report(int value)
        {
            var seconds = clock.ElapsedMilliseconds / 10_000 * 10;
            if (seconds > lastPrinted)
            {
                lastPrinted = seconds;
                Console.Error.WriteLine($"  [{name}] {seconds} s: {value} of {rows} rows open");
            }
        }
    }
}
