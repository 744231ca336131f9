using System.Diagnostics;
using System.Globalization;
using BulkRefunds.Klarna;
using BulkRefunds.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// A month of payouts holding N transactions, fetched from a simulator process through the Settlements client (no
/// storage): requests, wall time, requests/s against the account's budget, 429s, and this process's peak memory.
/// </summary>
public static class SettlementsFetchBenchmark
{
    public static async Task<int> RunAsync(Options options)
    {
        var transactions = options.Int("transactions", 1_000_000);
        var budget = options.Int("budget", 200);
        var days = options.Int("days", 30);
        var concurrency = options.Int("concurrency", 1);
        // The simulator enforces the same limit, as Klarna would: any 429 means the client outran its budget.
        await using var simulator = await SimulatorProcess.StartAsync("--rate-limit", budget.ToString(CultureInfo.InvariantCulture));
        var to = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-1);
        var from = to.AddDays(1 - days);
        using var control = new SimulatorControl(simulator.BaseAddress);
        await control.GenerateSettlementsAsync(transactions, from, to, CancellationToken.None);
        await using var metrics = new ServiceCollection().AddBulkRefundsTelemetry().BuildServiceProvider();
        using var accounts = simulator.Accounts(budget, metrics.GetRequiredService<BulkRefundsTelemetry>());
        var client = accounts.Settlements("default");
        await control.ResetStatsAsync(CancellationToken.None);
        GC.Collect();
        using var sampler = new MemorySampler();

        var (clientCpu, serverCpu) = (Process.GetCurrentProcess().TotalProcessorTime, simulator.ProcessorTime);
        var clock = Stopwatch.StartNew();
        var payouts = new List<KlarnaPayout>();
        await foreach (var payout in client.GetPayoutsAsync(new DateTimeOffset(from, TimeOnly.MinValue, TimeSpan.Zero),
                           new DateTimeOffset(to, TimeOnly.MaxValue, TimeSpan.Zero), CancellationToken.None))
        {
            payouts.Add(payout);
        }

        // Payouts are fetched side by side (--concurrency); every request still takes its slot of the one budget.
        var (rows, returned) = (0L, payouts.Sum(payout => payout.Totals.ReturnAmount));
        await Parallel.ForEachAsync(payouts, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (payout, token) =>
        {
            await foreach (var row in client.GetTransactionsAsync(payout.PaymentReference, token))
            {
                Interlocked.Increment(ref rows);
                Interlocked.Add(ref returned, -Math.Abs(row.Amount));
            }
        });

        clock.Stop();
        (clientCpu, serverCpu) = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu, simulator.ProcessorTime - serverCpu);
        var stats = await control.StatsAsync(CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            settlements fetch: {payouts.Count} payouts, {rows} transactions, concurrency {concurrency} ({from:yyyy-MM-dd}..{to:yyyy-MM-dd}), totals {(returned == 0 ? "match" : "DIFFER")}
              requests        {client.RequestsSent} ({stats.Requests} seen by the simulator, {stats.RateLimited} answered 429)
              wall            {clock.ElapsedMilliseconds} ms
              requests/s      {client.RequestsSent / seconds:0.0} against a budget of {budget}/s (max {stats.MaxAdmittedPerSlidingSecond} in any sliding second)
              transactions/s  {rows / seconds:0}
              CPU             client {clientCpu.TotalMilliseconds / client.RequestsSent:0.0} ms, simulator {serverCpu.TotalMilliseconds / client.RequestsSent:0.0} ms per request (2 cores shared)
              peak memory     working set {sampler.PeakWorkingSet / 1_048_576} MB, GC heap {sampler.PeakHeap / 1_048_576} MB (this process)
            """));
        return rows == transactions && returned == 0 && stats.RateLimited == 0 ? 0 : 1;
    }
}
