using System.Diagnostics;
using System.Globalization;
using BulkRefunds.Database;
using BulkRefunds.Host.EmbeddedPostgres;
using BulkRefunds.Klarna;
using BulkRefunds.Settlements;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// Issue 15: a month of settlements for a large merchant. Stages N/2 succeeded refunds (SQL, no client memory), then
/// writes N settlement transactions over 30 payouts through the room's own path (LineNumbering + SettlementStore's
/// batches of <see cref="SettlementIngest.BatchSize"/>, payout row last), as ingest does minus HTTP; then times the
/// set-based matching and the settlement report, and prints the process's peak memory after each phase.
/// </summary>
public static class SettlementsBenchmark
{
    private const string StageSql = """
        INSERT INTO bulkrefunds.manifest (manifest_id, file_name, sha256, size_bytes, uploaded_at, uploaded_by, row_count)
        VALUES (@Id, 'settlements-bench.csv', repeat('0', 64), 0, now(), 'bench', @Rows);
        INSERT INTO bulkrefunds.manifest_row (manifest_id, line_number, account, action, order_id, currency, amount_minor, reference, state,
            idempotency_key, request_body, refund_id, completed_at, attempts)
        SELECT @Id, g + 1, 'default', 'refund', md5('order' || g)::uuid::text, CASE WHEN g % 3 = 0 THEN 'SEK' ELSE 'EUR' END,
               100 + g % 50000, 'RMA-' || g, 'succeeded', md5('key' || g)::uuid,
               json_build_object('reference', 'RMA-' || g || ' BR-bench-L' || (g + 1))::text, md5('refund' || g)::uuid::text,
               now() - (g % 20) * interval '1 day', 1
        FROM generate_series(0, @Rows - 1) g;
        ANALYZE bulkrefunds.manifest_row;
        """;

    private const string RefundsSql = """
        SELECT line_number - 1, order_id, refund_id, amount_minor, currency, request_body::jsonb ->> 'reference'
        FROM bulkrefunds.manifest_row WHERE manifest_id = @Id ORDER BY line_number % @Payouts, line_number
        """;

    public static async Task<int> RunAsync(Options options)
    {
        var transactions = options.Int("transactions", 1_000_000);
        var payouts = options.Int("payouts", 30);
        var refunds = transactions / 2;
        var folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "bulkrefunds-bench")).FullName;
        // A cluster of its own: the other benchmarks' cluster in bulkrefunds-bench/pg is stopped when they end.
        await using var cluster = await LocalPostgresCluster.StartAsync(Path.Combine(folder, "pg-settlements"), NullLogger.Instance, CancellationToken.None);
        var name = string.Create(CultureInfo.InvariantCulture, $"bench_settlements_{Environment.ProcessId}");
        await cluster.CreateDatabaseAsync(name, CancellationToken.None);
        try
        {
            var connectionString = cluster.ConnectionString(name);
            await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var manifestId = Guid.CreateVersion7();
            var clock = Stopwatch.StartNew();
            await using (var stage = dataSource.CreateCommand(StageSql))
            {
                stage.CommandTimeout = 0;
                stage.Parameters.AddWithValue("Id", manifestId);
                stage.Parameters.AddWithValue("Rows", refunds);
                await stage.ExecuteNonQueryAsync();
            }

            Console.WriteLine($"settlements-match: {refunds:N0} succeeded refunds staged in {Seconds(clock)} (SQL); {transactions:N0} transactions over {payouts} payouts");
            Console.WriteLine($"  peak working set before ingest: {PeakMegabytes()} MB");
            clock.Restart();
            var written = await IngestAsync(dataSource, manifestId, payouts);
            Console.WriteLine($"  ingest writes: {written:N0} transactions in {Seconds(clock)} ({written * 1000 / Math.Max(clock.ElapsedMilliseconds, 1):N0}/s); peak working set {PeakMegabytes()} MB");
            clock.Restart();
            clock.Restart();
            // As SettlementRun does after an ingest that stored lines.
            await new SettlementStore(dataSource).AnalyzeAsync(CancellationToken.None);
            Console.WriteLine($"  analyze: {Seconds(clock)}");
            clock.Restart();
            var match = await new SettlementMatchStore(dataSource).MatchAsync("default", CancellationToken.None);
            Console.WriteLine($"  match: {match.ByRefundId:N0} by refund id, {match.ByFallback:N0} by order+amount+reference, {match.RowsUpdated:N0} rows in {Seconds(clock)}");
            clock.Restart();
            var now = TimeProvider.System.GetUtcNow();
            var reportPath = Path.Combine(folder, "settlements-bench.csv");
            SettlementSummary summary;
            await using (var output = File.Create(reportPath))
            {
                summary = await SettlementReportWriter.WriteAsync(output,
                    new SettlementReportStore(dataSource).ReadAsync(["default"], now.AddDays(-60), now.AddDays(-14), CancellationToken.None), CancellationToken.None);
            }

            Console.WriteLine($"  report: {summary.LinesByStatus.Values.Sum():N0} lines ({string.Join(", ", summary.LinesByStatus.Select(pair => $"{pair.Key} {pair.Value:N0}"))}) in {Seconds(clock)}, {new FileInfo(reportPath).Length / 1048576:N0} MB");
            Console.WriteLine($"  peak working set of the process: {PeakMegabytes()} MB");
            File.Delete(reportPath);
        }
        finally
        {
            await cluster.DropDatabaseAsync(name, CancellationToken.None);
        }

        return 0;
    }

    // Two lines per refund, payout by payout: its RETURN (a tenth without refund id, for the fallback; odd ones negative;
    // one in 200 a minor unit short) and a fee, except one refund in 100 withheld (two identical fees instead).
    private static async Task<long> IngestAsync(NpgsqlDataSource dataSource, Guid manifestId, int payouts)
    {
        var store = new SettlementStore(dataSource);
        await using var command = dataSource.CreateCommand(RefundsSql);
        command.Parameters.AddWithValue("Id", manifestId);
        command.Parameters.AddWithValue("Payouts", payouts);
        await using var reader = await command.ExecuteReaderAsync();
        var batch = new List<SettlementLine>(SettlementIngest.BatchSize);
        var (payout, numbering, written) = (-1, new LineNumbering(), 0L);
        while (await reader.ReadAsync())
        {
            var (g, orderId, refundId, amount, currency, reference) = (reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5));
            if (g % payouts != payout)
            {
                written += await FinishAsync(store, payout, batch);
                (payout, numbering) = (g % payouts, new LineNumbering());
            }

            var at = TimeProvider.System.GetUtcNow().AddDays(-(g % 20));
            var fee = new KlarnaSettlementTransaction("FEE", "PURCHASE_FEE_PERCENTAGE", 25, currency, orderId, null, null, null, at, at, null);
            batch.Add(numbering.Next(g % 100 == 0 ? fee : new KlarnaSettlementTransaction("RETURN", "PURCHASE_RETURN",
                (g % 2 == 1 ? -1 : 1) * (amount - (g % 200 == 7 ? 1 : 0)), currency, orderId, g % 10 == 1 ? null : refundId, reference, null, at, at, null)));
            batch.Add(numbering.Next(fee));
            if (batch.Count >= SettlementIngest.BatchSize)
            {
                written += await store.WriteLinesAsync("default", Reference(payout), batch, CancellationToken.None);
                batch.Clear();
            }
        }

        return written + await FinishAsync(store, payout, batch);
    }

    private static async Task<long> FinishAsync(SettlementStore store, int payout, List<SettlementLine> batch)
    {
        if (payout < 0)
        {
            return 0;
        }

        var written = await store.WriteLinesAsync("default", Reference(payout), batch, CancellationToken.None);
        batch.Clear();
        await store.WritePayoutAsync("default", new KlarnaPayout(Reference(payout), TimeProvider.System.GetUtcNow().AddHours(-payout), "EUR", "NET", "bench",
            new KlarnaPayoutTotals(0, 0, 0, 0, 0)), TimeProvider.System.GetUtcNow(), CancellationToken.None);
        return written;
    }

    private static string Reference(int payout) => string.Create(CultureInfo.InvariantCulture, $"BENCH-{payout:D3}");

    private static string Seconds(Stopwatch clock) => string.Create(CultureInfo.InvariantCulture, $"{clock.ElapsedMilliseconds / 1000m:0.0} s");

    private static long PeakMegabytes()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / 1048576;
    }
}
