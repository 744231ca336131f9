using BulkRefunds.Klarna;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulkRefunds.Tests.Klarna;

/// <summary>Settlements clients for tests: on a scripted handler, or on the production accounts against the simulator.</summary>
internal static class SettlementsTestClients
{
    public static readonly Uri KlarnaBase = new("https://api.playground.klarna.com/");

    /// <summary>Retries fast enough for a test: 3 attempts, 10 ms then 20 ms apart.</summary>
    public static SettlementsRetry Quick { get; } = new(3, TimeSpan.FromMilliseconds(10), 3);

    public static KlarnaSettlementsClient Create(HttpMessageHandler handler, SettlementsRetry? retry = null, Uri? baseAddress = null) =>
        Create(new HttpClient(handler) { BaseAddress = baseAddress ?? KlarnaBase }, retry);

    public static KlarnaSettlementsClient Create(HttpClient http, SettlementsRetry? retry = null) =>
        new(http, new RateBudget(new AccountEndpoint(KlarnaTestAccounts.Account, "test"), 1000, null, TimeProvider.System, NullLogger.Instance),
            KlarnaTestAccounts.Account, TimeSpan.FromSeconds(5), KlarnaTestAccounts.Telemetry, TimeProvider.System, retry);

    /// <summary>Adds a captured order to the simulator and refunds <paramref name="amount"/> of it through OM; returns the refund id.</summary>
    public static async Task<string> RefundAsync(Simulator sim, KlarnaAccounts accounts, string orderId, long amount, string currency = "EUR", string? reference = null)
    {
        await sim.AddOrderAsync(orderId, currency, currency == "SEK" ? "SE" : "DE", captured: amount * 2);
        var outcome = await accounts.Get(KlarnaTestAccounts.Account)
            .CreateRefundAsync(orderId, KlarnaTestAccounts.RefundJson(amount, reference), Guid.NewGuid(), CancellationToken.None);
        return Assert.IsType<KlarnaSuccess>(outcome).RefundId!;
    }

    public static async Task<List<T>> AllAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
