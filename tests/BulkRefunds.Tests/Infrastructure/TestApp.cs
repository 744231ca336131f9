using BulkRefunds.Host;

namespace BulkRefunds.Tests.Infrastructure;

/// <summary>The real host (rooms, Hangfire server with PostgreSQL storage) on a test database and the simulator.</summary>
public static class TestApp
{
    public static async Task<AppHost> StartWorkerAsync(string connectionString, Simulator simulator, string reportsFolder,
        IReadOnlyDictionary<string, string?>? extra = null)
    {
        var app = await AppHost.CreateWorkerAsync([], Overrides(connectionString, simulator, reportsFolder, extra), CancellationToken.None);
        await app.Host.StartAsync();
        return app;
    }

    /// <summary>The same host, built but not started: no Hangfire server runs, so the test drives dispatch itself.</summary>
    public static Task<AppHost> CreateWorkerAsync(string connectionString, Simulator simulator, string reportsFolder,
        IReadOnlyDictionary<string, string?>? extra = null) =>
        AppHost.CreateWorkerAsync([], Overrides(connectionString, simulator, reportsFolder, extra), CancellationToken.None);

    private static Dictionary<string, string?> Overrides(string connectionString, Simulator simulator, string reportsFolder,
        IReadOnlyDictionary<string, string?>? extra)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["ConnectionStrings:BulkRefunds"] = connectionString,
            ["Klarna:Accounts:default:BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Klarna:Accounts:default:Username"] = Simulator.Username,
            ["Klarna:Accounts:default:Password"] = Simulator.Password,
            ["Klarna:Accounts:default:RequestsPerSecond"] = "500",
            ["Reports:Directory"] = reportsFolder,
            ["Hangfire:QueuePollIntervalMilliseconds"] = "200",
            ["Dispatch:FirstRetryDelayMilliseconds"] = "50",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:BulkRefunds"] = "Warning",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        return overrides;
    }
}
