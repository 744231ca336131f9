using System.Diagnostics;
using System.Globalization;
using BulkRefunds.Database;
using BulkRefunds.Host.EmbeddedPostgres;
using BulkRefunds.Reports;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// Issue 14: search across manifests and the manifest page's keyset pages on N manifests of M rows, loaded in SQL
/// (INSERT … SELECT generate_series: every third row refunded with a refund id and an attempt, every third failed after
/// a 429), then ANALYZE; prints each query's EXPLAIN (ANALYZE, BUFFERS) and its time over repeated runs.
/// </summary>
public static class SearchBenchmark
{
    private const string LoadSql = """
        INSERT INTO bulkrefunds.manifest (manifest_id, file_name, sha256, size_bytes, uploaded_at, uploaded_by, row_count)
        VALUES (@ManifestId, @FileName, encode(sha256(convert_to(@ManifestId::text, 'UTF8')), 'hex'), 0, now(), 'bench', @Rows);
        INSERT INTO bulkrefunds.manifest_row (manifest_id, line_number, account, action, order_id, currency, amount_minor, reference, state,
                                              idempotency_key, refund_id, correlation_id, error_code, retryable, completed_at)
        SELECT @ManifestId, i + 1, 'default', 'refund', 'order-' || @Seed || '-' || i, 'EUR', 100 + i % 1000, 'ref-' || @Seed || '-' || i,
               CASE i % 3 WHEN 0 THEN 'succeeded' WHEN 1 THEN 'failed' ELSE 'staged' END, gen_random_uuid(),
               CASE WHEN i % 3 = 0 THEN 'refund-' || @Seed || '-' || i END,
               CASE WHEN i % 3 <> 2 THEN 'corr-' || @Seed || '-' || i END,
               CASE WHEN i % 3 = 1 THEN 'REFUND_NOT_ALLOWED' END, CASE WHEN i % 3 = 1 THEN false END,
               CASE WHEN i % 3 <> 2 THEN now() END
        FROM generate_series(1, @Rows) i;
        INSERT INTO bulkrefunds.row_attempt (row_id, attempted_at, idempotency_key, outcome, http_status, correlation_id)
        SELECT row_id, now(), idempotency_key, CASE WHEN state = 'failed' THEN 'retryable' ELSE 'succeeded' END,
               CASE WHEN state = 'failed' THEN 429 ELSE 201 END, correlation_id
        FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId AND correlation_id IS NOT NULL;
        """;

    public static async Task<int> RunAsync(Options options)
    {
        var manifests = options.Int("manifests", 10);
        var rows = options.Int("rows", 1_000_000);
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bulkrefunds-bench")).FullName;
        await using var cluster = await LocalPostgresCluster.StartAsync(Path.Combine(folder, "pg"), NullLogger.Instance, CancellationToken.None);
        var name = string.Create(CultureInfo.InvariantCulture, $"search_{manifests}x{rows}");
        var connectionString = cluster.ConnectionString(name);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        var ids = new List<Guid>();
        // Kept when the queries fail (ten million rows take ~15 minutes to load here); dropped at the end of a full run.
        await using (var admin = new NpgsqlConnection(cluster.ConnectionString("postgres")))
        {
            if (await admin.ExecuteScalarAsync<int?>("SELECT 1 FROM pg_database WHERE datname = @Name", new { Name = name }) is null)
            {
                await cluster.CreateDatabaseAsync(name, CancellationToken.None);
                await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);
                await LoadAsync(dataSource, manifests, rows);
            }
        }

        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            // More than one word: Dapper takes a single word for the name of a stored procedure.
            await connection.ExecuteAsync("ANALYZE bulkrefunds.manifest, bulkrefunds.manifest_row, bulkrefunds.row_attempt", commandTimeout: 3600);
            ids.AddRange(await connection.QueryAsync<Guid>("SELECT manifest_id FROM bulkrefunds.manifest ORDER BY length(file_name), file_name"));
        }

        Console.WriteLine($"search: {manifests} manifests × {rows:N0} rows = {(long)manifests * rows:N0} rows in manifest_row, database {name}");
        var middle = (manifests + 1) / 2;
        var row = rows / 2 / 3 * 3; // a refunded row in the middle of the middle manifest
        var queries = new (string Name, string Sql, object Parameters)[]
        {
            ("orderId", RowSearchStore.SqlFor(RowSearchKey.OrderId), new { Value = $"order-{middle}-{row}", Limit = 50 }),
            ("reference", RowSearchStore.SqlFor(RowSearchKey.Reference), new { Value = $"ref-{middle}-{row}", Limit = 50 }),
            ("refundId", RowSearchStore.SqlFor(RowSearchKey.RefundId), new { Value = $"refund-{middle}-{row}", Limit = 50 }),
            ("correlationId", RowSearchStore.SqlFor(RowSearchKey.CorrelationId), new { Value = $"corr-{middle}-{row}", Limit = 50 }),
            ("page, failed, after the middle line", ManifestRowsStore.StatePageSql, new { ManifestId = ids[middle - 1], State = "failed", After = rows / 2, Limit = 51 }),
            ("page, all, after the last-but-50 line", ManifestRowsStore.PageSql, new { ManifestId = ids[middle - 1], After = rows - 50, Limit = 51 }),
        };
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            foreach (var (title, sql, parameters) in queries)
            {
                var plan = await connection.QueryAsync<string>("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, parameters);
                var times = new List<long>();
                for (var run = 0; run < 20; run++)
                {
                    var clock = Stopwatch.StartNew();
                    await connection.QueryAsync(sql, parameters);
                    times.Add(clock.ElapsedTicks * 1_000_000 / Stopwatch.Frequency);
                }

                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\n{title}: p50 {times[10] / 1000m:0.00} ms, max {times[^1] / 1000m:0.00} ms over 20 runs"));
                Console.WriteLine(string.Join('\n', plan));
            }
        }

        await cluster.DropDatabaseAsync(name, CancellationToken.None);
        return 0;
    }

    private static async Task LoadAsync(NpgsqlDataSource dataSource, int manifests, int rows)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        for (var seed = 1; seed <= manifests; seed++)
        {
            var clock = Stopwatch.StartNew();
            await connection.ExecuteAsync(LoadSql, new { ManifestId = Guid.CreateVersion7(), FileName = $"returns-{seed}.csv", Rows = rows, Seed = seed },
                commandTimeout: 3600);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  loaded manifest {seed}: {rows:N0} rows in {clock.ElapsedMilliseconds / 1000m:0.0} s"));
        }
    }
}
