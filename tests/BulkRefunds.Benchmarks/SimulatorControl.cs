using System.Net.Http.Json;
using System.Text.Json;
using BulkRefunds.KlarnaSimulator;
using BulkRefunds.KlarnaSimulator.Traffic;

namespace BulkRefunds.Benchmarks;

/// <summary>The simulator's /_sim endpoints (no auth, not rate limited, not counted in its stats).</summary>
public sealed class SimulatorControl(Uri baseAddress) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 32 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>Generates a month of settlements: <paramref name="transactions"/> EUR returns over one payout a day from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task GenerateSettlementsAsync(int transactions, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("_sim/settlements/generate", new { transactions, from, to, currency = "EUR" }, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Creates <paramref name="count"/> captured orders (one capture each) with parallel requests.</summary>
    public Task AddOrdersAsync(int count, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                using var response = await http.PostAsJsonAsync("_sim/orders", new
                {
                    order_id = RefundManifest.OrderId(index), status = "CAPTURED",
                    order_amount = RefundManifest.CapturedMinor, original_order_amount = RefundManifest.CapturedMinor,
                    captured_amount = RefundManifest.CapturedMinor, refunded_amount = 0, remaining_authorized_amount = 0,
                    purchase_currency = RefundManifest.Currency, purchase_country = "DE",
                    captures = new[] { new { capture_id = $"bench-capture-{index}", captured_amount = RefundManifest.CapturedMinor, refunded_amount = 0 } },
                }, token);
                response.EnsureSuccessStatusCode();
            });

    public async Task ResetStatsAsync(CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync("_sim/stats", cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<SimulatorStats> StatsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<SimulatorStats>("_sim/stats", Json, cancellationToken)
            ?? throw new InvalidOperationException("GET /_sim/stats returned nothing.");

    public async Task<IReadOnlyList<LedgerEntry>> LedgerAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<List<LedgerEntry>>("_sim/ledger", Json, cancellationToken)
            ?? throw new InvalidOperationException("GET /_sim/ledger returned nothing.");

    public void Dispose() => http.Dispose();
}
