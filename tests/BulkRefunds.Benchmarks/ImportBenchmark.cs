using System.Diagnostics;
using System.Globalization;
using BulkRefunds.Database;
using BulkRefunds.Host.EmbeddedPostgres;
using BulkRefunds.Manifests;
using BulkRefunds.Staging;
using BulkRefunds.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// Our parse + validate + stage of a manifest against PostgreSQL's own COPY … (FORMAT csv) of the same file into a
/// plain table, each in a fresh child process so its peak memory (VmHWM) is the import's alone.
/// </summary>
public static class ImportBenchmark
{
    public static async Task<int> RunAsync(Options options)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bulkrefunds-bench")).FullName;
        await using var cluster = await LocalPostgresCluster.StartAsync(Path.Combine(folder, "pg"), NullLogger.Instance, CancellationToken.None);
        await DropLeftoverDatabasesAsync(cluster);
        Console.WriteLine("import: ours (SHA-256 + CsvHelper parse + validation + binary COPY + duplicate/line rules, one transaction)");
        Console.WriteLine("        vs PostgreSQL COPY … FROM STDIN (FORMAT csv) of the same file into a plain table; fresh database each run");
        Console.WriteLine("        ours, no index: the same import into a database whose manifest_row has no index or key (where the client's own cost shows)");
        Console.WriteLine("        landing: the lower bound of an index-free landing design — our parse + validation, then typed binary writes of");
        Console.WriteLine("                 only the nine columns a landing row needs (no keys, no SHA-256, no rules) into an index-free table");
        Console.WriteLine($"{"rows",10} {"MB",6} {"ours s",8} {"CPU s",7} {"no index s",11} {"CPU s",7} {"landing s",10} {"CPU s",7} {"COPY s",8} {"ours/COPY throughput",21} {"ours peak MB",13} {"COPY peak MB",13}");
        foreach (var rows in new[] { options.Int("small", 100_000), options.Int("rows", 1_000_000) })
        {
            var file = ManifestGenerator.Write(folder, rows);
            var ours = await MeasureAsync(cluster, "import-ours", file, migrate: true);
            var unindexed = await MeasureAsync(cluster, "import-ours", file, migrate: true, DropIndexesSql);
            var landing = await MeasureAsync(cluster, "import-landing", file, migrate: false);
            var copy = await MeasureAsync(cluster, "import-copy", file, migrate: false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rows,10} {new FileInfo(file).Length / 1_000_000,6} {ours.Seconds,8:0.00} {ours.CpuSeconds,7:0.00} {unindexed.Seconds,11:0.00} {unindexed.CpuSeconds,7:0.00} {landing.Seconds,10:0.00} {landing.CpuSeconds,7:0.00} {copy.Seconds,8:0.00} {copy.Seconds / ours.Seconds,20:0.00}x {ours.PeakMb,13} {copy.PeakMb,13}"));
        }

        return 0;
    }

    /// <summary>
    /// Issue 18: what sql/0020's counter triggers cost the import — the same file into fresh databases with and without
    /// them, alternating, so load on the machine falls on both alike.
    /// </summary>
    public static Task<int> CountersAsync(Options options) => WithAndWithoutAsync(options,
        "import-counters: ours with the counter triggers (sql/0020, sql/0022) vs the same import with them disabled, alternating",
        WithoutCountersSql);

    /// <summary>Issue 14: what sql/0024's search and page indexes cost the import, alternating with and without them.</summary>
    public static Task<int> SearchIndexesAsync(Options options) => WithAndWithoutAsync(options,
        "import-search-indexes: ours with sql/0024's indexes on manifest_row vs the same import without them, alternating",
        WithoutSearchIndexesSql);

    private static async Task<int> WithAndWithoutAsync(Options options, string title, string withoutSql)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bulkrefunds-bench")).FullName;
        await using var cluster = await LocalPostgresCluster.StartAsync(Path.Combine(folder, "pg"), NullLogger.Instance, CancellationToken.None);
        await DropLeftoverDatabasesAsync(cluster);
        var file = ManifestGenerator.Write(folder, options.Int("rows", 1_000_000));
        Console.WriteLine(title);
        Console.WriteLine($"{"run",4} {"with s",8} {"CPU s",7} {"without s",10} {"CPU s",7}");
        for (var run = 1; run <= options.Int("runs", 3); run++)
        {
            var with = await MeasureAsync(cluster, "import-ours", file, migrate: true);
            var without = await MeasureAsync(cluster, "import-ours", file, migrate: true, withoutSql);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{run,4} {with.Seconds,8:0.00} {with.CpuSeconds,7:0.00} {without.Seconds,10:0.00} {without.CpuSeconds,7:0.00}"));
        }

        return 0;
    }

    private const string WithoutSearchIndexesSql = """
        DROP INDEX bulkrefunds.manifest_row_order_search_idx;
        DROP INDEX bulkrefunds.manifest_row_reference_search_idx;
        DROP INDEX bulkrefunds.manifest_row_refund_search_idx;
        DROP INDEX bulkrefunds.manifest_row_state_line_idx;
        """;

    private const string WithoutCountersSql = """
        ALTER TABLE bulkrefunds.manifest_row DISABLE TRIGGER manifest_counter_insert;
        ALTER TABLE bulkrefunds.manifest_row DISABLE TRIGGER manifest_counter_update;
        ALTER TABLE bulkrefunds.manifest_row DISABLE TRIGGER manifest_open_counter_insert;
        ALTER TABLE bulkrefunds.manifest_row DISABLE TRIGGER manifest_open_counter_update;
        """;

    /// <summary>In the child: stage the file the way `bulkrefunds import` does.</summary>
    public static async Task<int> OursAsync(string file, string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        var limits = new ManifestLimits();
        await using var metrics = new ServiceCollection().AddBulkRefundsTelemetry().BuildServiceProvider();
        var telemetry = metrics.GetRequiredService<BulkRefundsTelemetry>();
        // Only the endpoint it records is used: the import calls no Klarna.
        using var accounts = new BulkRefunds.Klarna.KlarnaAccounts(Microsoft.Extensions.Options.Options.Create(new BulkRefunds.Klarna.KlarnaOptions
        {
            Accounts = { ["default"] = new BulkRefunds.Klarna.KlarnaAccountOptions { BaseUrl = "playground-eu" } },
        }), telemetry);
        var importer = new ManifestImporter(dataSource, new ManifestStore(dataSource), new ManifestReader(limits, accounts.Names),
            accounts, Microsoft.Extensions.Options.Options.Create(limits), new ImportCalendar(() => new BulkRefunds.Releases.ReleaseOptions().Today(TimeProvider.System)),
            // No job client: a file that needs no approval raises no notification, so nothing is ever enqueued.
            new BulkRefunds.Notifications.Notifier(dataSource, new BulkRefunds.Notifications.NotificationStore(dataSource), null!, Microsoft.Extensions.Options.Options.Create(new BulkRefunds.Notifications.NotificationOptions()),
                TimeProvider.System, NullLogger<BulkRefunds.Notifications.Notifier>.Instance),
            new BulkRefunds.Audit.AuditTrail(dataSource, TimeProvider.System), TimeProvider.System, telemetry, NullLogger<ManifestImporter>.Instance);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var result = await importer.ImportAsync(file, "bench", CancellationToken.None);
        return Report(clock, result.Manifest.RowCount, cpu);
    }

    /// <summary>Parse and validate only (no database), to tell our CPU from the server's.</summary>
    public static async Task<int> ParseOnlyAsync(string file)
    {
        var reader = new ManifestReader(new ManifestLimits(), new HashSet<string> { "default" });
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var rows = 0;
        await using var input = File.OpenRead(file);
        await foreach (var row in reader.ReadAsync(input, CancellationToken.None))
        {
            rows += row.IsValid ? 1 : 0;
        }

        return Report(clock, rows, cpu);
    }

    /// <summary>
    /// In the child: what the import would cost if rows landed in a narrow table without any index and everything
    /// else (keys, indexes, rules) moved to claim time — our parsing and validation, then nine typed writes per row.
    /// A measurement of that design's floor, not an import: nothing here is read by the application.
    /// </summary>
    public static async Task<int> NarrowLandingAsync(string file, string connectionString)
    {
        var reader = new ManifestReader(new ManifestLimits(), new HashSet<string> { "default" });
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("""
            CREATE TABLE landing (manifest_id uuid, line_number integer, state text, account text, order_id text, currency text,
                                  amount_minor bigint, reference text, problems text)
            """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var manifestId = Guid.CreateVersion7();
        var rows = 0;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var writer = await connection.BeginBinaryImportAsync("COPY landing FROM STDIN (FORMAT BINARY)"))
            await using (var input = File.OpenRead(file))
            {
                await foreach (var row in reader.ReadAsync(input, CancellationToken.None))
                {
                    rows++;
                    writer.StartRow();
                    writer.Write(manifestId, NpgsqlTypes.NpgsqlDbType.Uuid);
                    writer.Write(row.LineNumber, NpgsqlTypes.NpgsqlDbType.Integer);
                    writer.Write(row.IsValid ? "staged" : "invalid", NpgsqlTypes.NpgsqlDbType.Text);
                    writer.Write(row.Account, NpgsqlTypes.NpgsqlDbType.Text);
                    writer.Write(row.OrderId, NpgsqlTypes.NpgsqlDbType.Text);
                    Nullable(writer, row.Currency);
                    if (row.AmountMinor is { } amount)
                    {
                        writer.Write(amount, NpgsqlTypes.NpgsqlDbType.Bigint);
                    }
                    else
                    {
                        writer.WriteNull();
                    }

                    Nullable(writer, row.Reference);
                    Nullable(writer, row.IsValid ? null : string.Join("; ", row.Messages));
                }

                await writer.CompleteAsync();
            }

            await transaction.CommitAsync();
        }

        return Report(clock, rows, cpu);
    }

    private static void Nullable(NpgsqlBinaryImporter writer, string? text)
    {
        if (text is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(text, NpgsqlTypes.NpgsqlDbType.Text);
        }
    }

    /// <summary>In the child: PostgreSQL parses the CSV itself.</summary>
    public static async Task<int> CopyAsync(string file, string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE plain (order_id text, currency text, amount text, reference text, description text)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        // The text-mode COPY protocol: the file's characters go to the server as they are; PostgreSQL parses the CSV.
        await using (var copy = await connection.BeginTextImportAsync("COPY plain FROM STDIN (FORMAT csv, HEADER true)"))
        using (var input = new StreamReader(file, System.Text.Encoding.UTF8, false, 1 << 16))
        {
            var buffer = new char[1 << 16];
            int read;
            while ((read = await input.ReadAsync(buffer)) > 0)
            {
                await copy.WriteAsync(buffer.AsMemory(0, read));
            }
        }

        await using var count = new NpgsqlCommand("SELECT count(*) FROM plain", connection);
        return Report(clock, (int)(long)(await count.ExecuteScalarAsync())!, cpu);
    }

    // CPU is counted from the same start as the clock: this process's own work (the server's is not in it).
    private static int Report(Stopwatch clock, int rows, TimeSpan cpuBefore)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var peak = File.ReadLines("/proc/self/status").First(line => line.StartsWith("VmHWM:", StringComparison.Ordinal));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{clock.ElapsedMilliseconds} {rows} {peak.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]} {(long)cpu.TotalMilliseconds}"));
        return 0;
    }

    private static async Task<(decimal Seconds, decimal CpuSeconds, long PeakMb)> ChildAsync(string mode, string file, string connectionString)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[typeof(ImportBenchmark).Assembly.Location, mode, file, connectionString])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{mode} failed: {output}{await error}");
        }

        var parts = output.Trim().Split('\n')[^1].Split(' ');
        return (decimal.Parse(parts[0], CultureInfo.InvariantCulture) / 1000, decimal.Parse(parts[3], CultureInfo.InvariantCulture) / 1000,
            long.Parse(parts[2], CultureInfo.InvariantCulture) / 1024);
    }

    // Every index and key of manifest_row, so only the heap is written (the database is thrown away).
    private const string DropIndexesSql = """
        ALTER TABLE bulkrefunds.manifest_order_line DROP CONSTRAINT manifest_order_line_row_fkey;
        ALTER TABLE bulkrefunds.manifest_row DROP CONSTRAINT manifest_row_line_key;
        ALTER TABLE bulkrefunds.row_attempt DROP CONSTRAINT row_attempt_row_id_fkey;
        ALTER TABLE bulkrefunds.manifest_row DROP CONSTRAINT manifest_row_pkey;
        DROP INDEX bulkrefunds.manifest_row_open_idx;
        ALTER TABLE bulkrefunds.manifest_row DROP CONSTRAINT manifest_row_one_live_row_per_return;
        """;

    // Each run gets a fresh database, dropped as soon as it is measured: a million-row table left behind is vacuumed
    // by autovacuum while the next run is measured, on the same two cores (it slowed later runs by a second or more).
    private static async Task<(decimal Seconds, decimal CpuSeconds, long PeakMb)> MeasureAsync(
        LocalPostgresCluster cluster, string mode, string file, bool migrate, string? alterSql = null)
    {
        var name = $"bench_{Guid.NewGuid():N}";
        try
        {
            return await ChildAsync(mode, file, await FreshDatabaseAsync(cluster, name, migrate, alterSql));
        }
        finally
        {
            await cluster.DropDatabaseAsync(name, CancellationToken.None);
        }
    }

    private static async Task DropLeftoverDatabasesAsync(LocalPostgresCluster cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_%'", connection);
        var names = new List<string>();
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                names.Add(reader.GetString(0));
            }
        }

        foreach (var name in names)
        {
            await cluster.DropDatabaseAsync(name, CancellationToken.None);
        }
    }

    private static async Task<string> FreshDatabaseAsync(LocalPostgresCluster cluster, string name, bool migrate, string? alterSql)
    {
        await cluster.CreateDatabaseAsync(name, CancellationToken.None);
        var connectionString = cluster.ConnectionString(name);
        if (migrate)
        {
            await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        }

        if (alterSql is not null)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand(alterSql, connection);
            await drop.ExecuteNonQueryAsync();
        }

        return connectionString;
    }
}
