using System.Net;
using System.Net.Http.Headers;
using System.Text;
using BulkRefunds.Host;
using Npgsql;
using Microsoft.AspNetCore.Builder;

namespace BulkRefunds.Tests.Infrastructure;

/// <summary>
/// The real web host (<c>bulkrefunds serve</c> without the CLI) on a free loopback port, a test database and the simulator,
/// with clients that keep cookies and never follow redirects, so tests see what a browser would be told.
/// </summary>
public sealed class WebTestApp : IAsyncDisposable
{
    private readonly TempFolder folder;
    private readonly List<HttpClient> clients = [];

    private WebTestApp(AppHost app, Simulator simulator, TempFolder folder, Uri baseAddress, string connectionString)
    {
        App = app;
        ConnectionString = connectionString;
        Simulator = simulator;
        this.folder = folder;
        BaseAddress = baseAddress;
    }

    public AppHost App { get; }

    /// <summary>Klarna's side: seed orders, read the ledger.</summary>
    public Simulator Simulator { get; }

    /// <summary>Reports:Directory of this host (uploads are received into its .uploads folder).</summary>
    public string ReportsFolder => folder.Path;

    public Uri BaseAddress { get; }

    public string ConnectionString { get; }

    public static async Task<WebTestApp> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var simulator = await Simulator.StartAsync();
        var folder = new TempFolder();
        var overrides = new Dictionary<string, string?>
        {
            ["ConnectionStrings:BulkRefunds"] = connectionString,
            ["Klarna:Accounts:default:BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Klarna:Accounts:default:Username"] = Simulator.Username,
            ["Klarna:Accounts:default:Password"] = Simulator.Password,
            ["Reports:Directory"] = folder.Path,
            ["Hangfire:QueuePollIntervalMilliseconds"] = "200",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:BulkRefunds"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        try
        {
            var app = await AppHost.CreateWebAsync([], overrides, CancellationToken.None);
            var web = (WebApplication)app.Host;
            web.Urls.Add("http://127.0.0.1:0");
            await web.StartAsync();
            return new WebTestApp(app, simulator, folder, new Uri(web.Urls.Single()), connectionString);
        }
        catch
        {
            await simulator.DisposeAsync();
            folder.Dispose();
            throw;
        }
    }

    /// <summary>A client with its own cookie jar; with a user, every request carries HTTP Basic credentials.</summary>
    public HttpClient Client(string? userName = null, string? password = null)
    {
        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress };
        if (userName is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
        }

        clients.Add(client);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        clients.ForEach(client => client.Dispose());
        await App.DisposeAsync();
        await EndLeftoverConnectionsAsync();
        await Simulator.DisposeAsync();
        folder.Dispose();
    }

    // Hangfire.PostgreSql's long polling keeps one idle "LISTEN new_job" connection per worker that outlives the host (it is
    // not in the pool AppHost clears); with the web tests added, a full run hit max_connections. The database is this
    // test's own, so whatever is still connected to it is ended.
    private async Task EndLeftoverConnectionsAsync()
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        var database = builder.Database;
        builder.Database = "postgres";
        builder.Pooling = false;
        await using var admin = new NpgsqlConnection(builder.ConnectionString);
        await admin.OpenAsync();
        await using var end = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @database", admin);
        end.Parameters.AddWithValue("database", database!);
        await end.ExecuteScalarAsync();
    }
}
