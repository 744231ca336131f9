using System.Diagnostics;
using System.Net.Http.Json;
using BulkRefunds.Klarna;
using BulkRefunds.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// How much the Klarna client itself costs: refunds/s against a simulator with no added latency, and CPU per
/// request in this process (client) and in the simulator's, measured apart.
/// </summary>
public static class KlarnaClientBenchmark
{
    private const string OrderId = "bench-order-0001";

    public static async Task<int> RunAsync(Options options)
    {
        var requests = options.Int("requests", 20_000);
        var concurrency = options.Int("concurrency", 32);
        await using var simulator = await SimulatorProcess.StartAsync();
        await AddOrderAsync(simulator.BaseAddress);
        // The client as the service runs it: instruments recorded into, nobody listening.
        await using var metrics = new ServiceCollection().AddBulkRefundsTelemetry().BuildServiceProvider();
        using var accounts = new KlarnaAccounts(Microsoft.Extensions.Options.Options.Create(new KlarnaOptions
        {
            Accounts = { ["default"] = new KlarnaAccountOptions { BaseUrl = simulator.BaseAddress.ToString(), Username = SimulatorProcess.Username, Password = SimulatorProcess.Password, RequestsPerSecond = 1_000_000 } },
        }), metrics.GetRequiredService<BulkRefundsTelemetry>());
        var client = accounts.Get("default");
        var body = KlarnaJson.Serialize(new RefundRequest(1, "bench", null));

        await SendAsync(client, body, 500, concurrency); // warm-up: JIT, connection pool
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var serverCpu = simulator.ProcessorTime;
        var clock = Stopwatch.StartNew();
        var failures = await SendAsync(client, body, requests, concurrency);
        clock.Stop();
        var clientCpuUs = (Process.GetCurrentProcess().TotalProcessorTime - clientCpu).Ticks / 10 / requests;
        var serverCpuUs = (simulator.ProcessorTime - serverCpu).Ticks / 10 / requests;

        Console.WriteLine($"klarna client: {requests} refunds, concurrency {concurrency}, {failures} failures");
        Console.WriteLine($"  wall            {clock.ElapsedMilliseconds} ms");
        Console.WriteLine($"  throughput      {requests * 1000L / Math.Max(1, clock.ElapsedMilliseconds)} requests/s");
        Console.WriteLine($"  client CPU      {clientCpuUs} µs per request (this process)");
        Console.WriteLine($"  simulator CPU   {serverCpuUs} µs per request (separate process)");
        return failures == 0 ? 0 : 1;
    }

    private static async Task<int> SendAsync(KlarnaClient client, string body, int count, int concurrency)
    {
        var failures = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, token) =>
        {
            if (await client.CreateRefundAsync(OrderId, body, Guid.NewGuid(), token) is not KlarnaSuccess)
            {
                Interlocked.Increment(ref failures);
            }
        });
        return failures;
    }

    private static async Task AddOrderAsync(Uri simulator)
    {
        using var http = new HttpClient { BaseAddress = simulator };
        using var response = await http.PostAsJsonAsync("_sim/orders", new
        {
            order_id = OrderId, status = "CAPTURED", order_amount = 200_000_000, original_order_amount = 200_000_000,
            captured_amount = 200_000_000, refunded_amount = 0, remaining_authorized_amount = 0,
            purchase_currency = "EUR", purchase_country = "DE",
            captures = new[] { new { capture_id = "bench-capture", captured_amount = 200_000_000, refunded_amount = 0 } },
        });
        response.EnsureSuccessStatusCode();
    }
}
