using BulkRefunds.Telemetry;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Klarna;

/// <summary>
/// One <see cref="KlarnaClient"/> per configured account, each with its own connection pool and a token bucket
/// shared by all work in this process — Klarna's rate limit is per merchant, not per request path.
/// </summary>
public sealed class KlarnaAccounts : IDisposable
{
    private readonly Dictionary<string, KlarnaClient> clients = new(StringComparer.Ordinal);
    private readonly List<IDisposable> owned = [];
    private readonly List<RateBudget> budgets = [];
    private readonly Dictionary<string, string> endpoints = new(StringComparer.Ordinal);

    public KlarnaAccounts(IOptions<KlarnaOptions> options, BulkRefundsTelemetry telemetry)
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

            var budget = new RateBudget(account.RequestsPerSecond);
            owned.Add(http);
            owned.Add(budget);
            budgets.Add(budget);
            clients[name] = new KlarnaClient(http, budget, name, timeout, telemetry);
            endpoints[name] = KlarnaHosts.Endpoint(account.BaseUrl);
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

    /// <summary>Several servers on one database: each takes its share of every account's rate.</summary>
    public void ShareRateWith(int liveServers) => budgets.ForEach(budget => budget.Share(liveServers));

    public void Dispose() => owned.ForEach(disposable => disposable.Dispose());
}
