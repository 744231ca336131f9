using BulkRefunds.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Klarna;

/// <summary>
/// One <see cref="KlarnaClient"/> per configured account, each with its own connection pool and a request budget
/// shared by all work in this process and, through <see cref="RateBudgetStore"/>, by every worker on the database —
/// Klarna's rate limit is per merchant, not per request path or process.
/// </summary>
public sealed class KlarnaAccounts : IDisposable
{
    private readonly Dictionary<string, KlarnaClient> clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, KlarnaSettlementsClient> settlements = new(StringComparer.Ordinal);
    private readonly List<IDisposable> owned = [];
    private readonly Dictionary<string, string> endpoints = new(StringComparer.Ordinal);

    /// <param name="budgetStore">Null for a client on its own (tests of the client): each account's budget stays in this process.</param>
    public KlarnaAccounts(IOptions<KlarnaOptions> options, BulkRefundsTelemetry telemetry, RateBudgetStore? budgetStore = null, TimeProvider? timeProvider = null,
        ILogger<RateBudget>? logger = null)
    {
        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        foreach (var (name, account) in options.Value.Accounts)
        {
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), MaxConnectionsPerServer = 64 })
            {
                BaseAddress = KlarnaHosts.Resolve(IsSimulator(account) ? options.Value.SimulatorAddress
                    ?? throw new InvalidOperationException($"Klarna account '{name}' is set to the simulator, but no simulator runs in this process.") : account.BaseUrl),
                Timeout = Timeout.InfiniteTimeSpan, // per-attempt timeouts are the client's, so they can be classified
            };
            if (account.Username is { Length: > 0 } username)
            {
                http.DefaultRequestHeaders.Authorization = KlarnaClient.BasicAuthorization(username, account.Password ?? "");
            }

            endpoints[name] = KlarnaHosts.Endpoint(account.BaseUrl);
            var budget = new RateBudget(new AccountEndpoint(name, endpoints[name]), account.RequestsPerSecond, budgetStore,
                timeProvider ?? TimeProvider.System, logger ?? NullLogger<RateBudget>.Instance);
            owned.Add(http);
            owned.Add(budget);
            clients[name] = new KlarnaClient(http, budget, name, timeout, telemetry);
            // Same HttpClient and budget: Klarna's limit is the merchant's, across OM and Settlements (contract §1.3).
            settlements[name] = new KlarnaSettlementsClient(http, budget, name, timeout, telemetry, timeProvider ?? TimeProvider.System);
        }
    }

    /// <summary>Each configured account with the endpoint it talks to: what this worker may claim rows for.</summary>
    public IReadOnlyList<AccountEndpoint> Served => [.. endpoints.Select(pair => new AccountEndpoint(pair.Key, pair.Value)).OrderBy(served => served.Account, StringComparer.Ordinal)];

    /// <summary>The endpoint recorded for <paramref name="account"/> when a manifest is imported.</summary>
    public string EndpointOf(string account) =>
        endpoints.TryGetValue(account, out var endpoint) ? endpoint : throw new KeyNotFoundException($"Klarna account '{account}' is not configured.");

    public static bool IsSimulator(KlarnaAccountOptions account) =>
        string.Equals(account.BaseUrl, KlarnaOptions.SimulatorBaseUrl, StringComparison.OrdinalIgnoreCase);

    public IReadOnlySet<string> Names => clients.Keys.ToHashSet(StringComparer.Ordinal);

    public KlarnaClient Get(string account) =>
        clients.TryGetValue(account, out var client) ? client : throw new KeyNotFoundException($"Klarna account '{account}' is not configured.");

    /// <summary>The Settlements API client of an account: its credentials, host, connection pool and rate budget.</summary>
    public KlarnaSettlementsClient Settlements(string account) =>
        settlements.TryGetValue(account, out var client) ? client : throw new KeyNotFoundException($"Klarna account '{account}' is not configured.");

    public void Dispose() => owned.ForEach(disposable => disposable.Dispose());
}
