using System.Net.Http.Headers;
using System.Text;
using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Klarna;

namespace BulkRefunds.Tests.SimulatorFaults;

/// <summary>
/// The simulator started with fault settings, the production <see cref="KlarnaClient"/> pointed at it, and plain
/// HTTP for /_sim. The ledger is read in-process: it is Klarna's side of the truth.
/// </summary>
internal sealed class FaultSimulator : IAsyncDisposable
{
    public const string CapturedOrder = "7719051f-0b8c-5afc-a864-0c56fe04ef32"; // seed: CAPTURED, 9500 EUR
    public const string OtherCapturedOrder = "1d3491c3-2408-5f51-9f6c-8562933ee292"; // seed: CAPTURED, 249900 SEK
    public const string PartCapturedOrder = "0b0b0b0b-0000-4000-8000-000000000001"; // seed: 6000 of 10000 captured

    private readonly KlarnaAccounts accounts;

    private FaultSimulator(KlarnaSimulatorServer server, KlarnaAccounts accounts)
    {
        Server = server;
        this.accounts = accounts;
        Http = new HttpClient { BaseAddress = server.BaseAddress };
    }

    public KlarnaSimulatorServer Server { get; }

    public SimulatorState State => Server.State;

    public KlarnaClient Client => accounts.Get(KlarnaTestAccounts.Account);

    /// <summary>No credentials: for /_sim, and for /ordermanagement when a test wants the raw response.</summary>
    public HttpClient Http { get; }

    public IReadOnlyList<LedgerEntry> Ledger => State.GetLedger();

    public static async Task<FaultSimulator> StartAsync(
        Action<SimulatorOptions>? configure = null,
        TimeProvider? timeProvider = null,
        int clientTimeoutSeconds = 5)
    {
        var options = new SimulatorOptions
        {
            OrdersFile = SimulatorOptions.SeedOrdersFile,
            Username = Simulator.Username,
            Password = Simulator.Password,
        };
        configure?.Invoke(options);
        var server = await KlarnaSimulatorServer.StartAsync(options, timeProvider, CancellationToken.None);
        return new FaultSimulator(server, KlarnaTestAccounts.Create(server.BaseAddress, timeoutSeconds: clientTimeoutSeconds));
    }

    public Task<KlarnaOutcome> RefundAsync(Guid key, long amount = 100, string orderId = CapturedOrder) =>
        Client.CreateRefundAsync(orderId, KlarnaTestAccounts.RefundJson(amount), key, CancellationToken.None);

    /// <summary>A GET under /ordermanagement with the merchant's credentials, for asserting on raw status and headers.</summary>
    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Simulator.Username}:{Simulator.Password}")));
        return await Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        accounts.Dispose();
        await Server.DisposeAsync();
    }
}
