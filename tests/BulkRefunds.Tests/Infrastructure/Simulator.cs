using System.Net.Http.Json;
using System.Text.Json;
using BulkRefunds.KlarnaSimulator;

namespace BulkRefunds.Tests.Infrastructure;

/// <summary>Starts the Klarna simulator on loopback and reads its ledger over HTTP, as Klarna's side of the truth.</summary>
public sealed class Simulator : IAsyncDisposable
{
    public const string Username = "test_merchant";
    public const string Password = "test_secret";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly HttpClient http;

    private Simulator(KlarnaSimulatorServer server)
    {
        Server = server;
        http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public KlarnaSimulatorServer Server { get; }

    public Uri BaseAddress => Server.BaseAddress;

    public static Task<Simulator> StartAsync(TimeProvider? timeProvider = null) => StartAsync(_ => { }, timeProvider);

    /// <summary>With settings of its own, such as a rate limit (<see cref="SimulatorOptions.RateLimitPerSecond"/>).</summary>
    public static async Task<Simulator> StartAsync(Action<SimulatorOptions> configure, TimeProvider? timeProvider = null)
    {
        var options = new SimulatorOptions { OrdersFile = SimulatorOptions.SeedOrdersFile, Username = Username, Password = Password };
        configure(options);
        return new(await KlarnaSimulatorServer.StartAsync(options, timeProvider, CancellationToken.None));
    }

    public async Task<IReadOnlyList<LedgerEntry>> LedgerAsync() =>
        await http.GetFromJsonAsync<List<LedgerEntry>>("_sim/ledger", Json) ?? [];

    /// <summary>Adds (or replaces) an order: fully captured in one capture unless told otherwise; the capture has no date unless given.</summary>
    public async Task AddOrderAsync(string orderId, string currency, string country, long captured, long? orderAmount = null, DateTimeOffset? capturedAt = null)
    {
        var order = new
        {
            order_id = orderId,
            status = captured == 0 ? "AUTHORIZED" : captured < (orderAmount ?? captured) ? "PART_CAPTURED" : "CAPTURED",
            order_amount = orderAmount ?? captured,
            original_order_amount = orderAmount ?? captured,
            captured_amount = captured,
            refunded_amount = 0,
            remaining_authorized_amount = (orderAmount ?? captured) - captured,
            purchase_currency = currency,
            purchase_country = country,
            captures = captured == 0 ? Array.Empty<object>() :
                [new { capture_id = Guid.NewGuid().ToString(), captured_amount = captured, refunded_amount = 0, captured_at = capturedAt, order_lines = Array.Empty<object>() }],
            refunds = Array.Empty<object>(),
            order_lines = Array.Empty<object>(),
        };
        using var response = await http.PostAsJsonAsync("_sim/orders", order);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await Server.DisposeAsync();
    }
}
