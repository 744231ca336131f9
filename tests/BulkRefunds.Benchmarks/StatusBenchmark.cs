using System.Diagnostics;
using System.Globalization;
using BulkRefunds.Database;
using BulkRefunds.Host;
using BulkRefunds.Host.EmbeddedPostgres;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// Issue 18: the Manifests page, <c>GET /api/manifests</c> and <c>GET /api/manifests/{id}</c> over HTTP against the real
/// web host, with N manifests of M rows imported the way <c>bulkrefunds import</c> does (one database, kept counters).
/// </summary>
public static class StatusBenchmark
{
    public static async Task<int> RunAsync(Options options)
    {
        var manifests = options.Int("manifests", 10);
        var rows = options.Int("rows", 1_000_000);
        var requests = options.Int("requests", 50);
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bulkrefunds-bench")).FullName;
        await using var cluster = await LocalPostgresCluster.StartAsync(Path.Combine(folder, "pg"), NullLogger.Instance, CancellationToken.None);
        // Kept between runs unless --keep false (ten million rows take minutes to import); not bench_%, which the import drops.
        var name = string.Create(CultureInfo.InvariantCulture, $"status_{manifests}x{rows}");
        var keep = options.Text("keep", "true") == "true";
        var connectionString = cluster.ConnectionString(name);
        if (!await ExistsAsync(cluster, name))
        {
            await cluster.CreateDatabaseAsync(name, CancellationToken.None);
            await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);
            for (var i = 1; i <= manifests; i++)
            {
                var clock = Stopwatch.StartNew();
                Console.Write($"  import {i}: ");
                await ImportBenchmark.OursAsync(ManifestGenerator.Write(folder, rows, seed: i), connectionString);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ({clock.ElapsedMilliseconds / 1000m:0.0} s with generation)"));
            }

            await HoldAsync(connectionString);
        }

        Console.WriteLine($"status: {manifests} manifests × {rows:N0} rows in database {name}, {requests} requests per URL (after 3 unmeasured)");
        try
        {
            await MeasureAsync(connectionString, folder, requests);
        }
        finally
        {
            if (!keep)
            {
                await cluster.DropDatabaseAsync(name, CancellationToken.None);
            }
        }

        return 0;
    }

    private static async Task<bool> ExistsAsync(LocalPostgresCluster cluster, string name)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @Name)", connection);
        exists.Parameters.AddWithValue("Name", name);
        return (bool)(await exists.ExecuteScalarAsync())!;
    }

    // The manifests wait for approval, so the web host's Hangfire server sends nothing while the page is measured.
    private static async Task HoldAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var hold = new NpgsqlCommand("UPDATE bulkrefunds.manifest SET approval_required = true", connection);
        await hold.ExecuteNonQueryAsync();
    }

    private static async Task MeasureAsync(string connectionString, string folder, int requests)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["ConnectionStrings:BulkRefunds"] = connectionString,
            ["Klarna:Accounts:default:BaseUrl"] = "playground-eu",
            ["Klarna:Accounts:default:Username"] = "bench",
            ["Klarna:Accounts:default:Password"] = "bench",
            ["Reports:Directory"] = Path.Combine(folder, "reports"),
            ["Logging:LogLevel:Default"] = "Warning",
            // An anonymous request from this machine is the local operator: no sign-in to measure.
            ["Security:RequireLoginOnLoopback"] = "false",
        };
        await using var app = await AppHost.CreateWebAsync([], overrides, CancellationToken.None);
        var web = (WebApplication)app.Host;
        web.Urls.Add("http://127.0.0.1:0");
        await web.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(web.Urls.Single()) };
        string id;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var first = new NpgsqlCommand("SELECT manifest_id::text FROM bulkrefunds.manifest ORDER BY uploaded_at LIMIT 1", connection);
            id = (string)(await first.ExecuteScalarAsync())!;
        }

        Console.WriteLine($"{"GET",-28} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"chars",8}");
        foreach (var path in (string[])["hangfire/manifests", "api/manifests", $"api/manifests/{id}"])
        {
            var times = new List<decimal>();
            long bytes = 0;
            for (var i = 0; i < requests + 3; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(path);
                var body = await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
                bytes = body.Length;
                if (!body.Contains(id, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"GET {path} did not answer with the manifests (a sign-in page?): {body[..Math.Min(body.Length, 300)]}");
                }
                if (i >= 3)
                {
                    times.Add(clock.Elapsed.Ticks / (decimal)TimeSpan.TicksPerMillisecond);
                }
            }

            times.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(path.Length > 28 ? path[..25] + "…" : path),-28} {times[times.Count / 2],8:0.0} {times[(int)Math.Ceiling(times.Count * 0.95) - 1],8:0.0} {times[^1],8:0.0} {bytes,8}"));
        }

        await web.StopAsync();
    }
}
