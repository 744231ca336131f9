using BulkRefunds.Audit;
using BulkRefunds.Database;
using BulkRefunds.Dispatch;
using BulkRefunds.Host.Telemetry;
using BulkRefunds.Host.Web;
using BulkRefunds.Host.Web.Security;
using BulkRefunds.Inbox;
using BulkRefunds.Klarna;
using BulkRefunds.Manifests;
using BulkRefunds.Notifications;
using BulkRefunds.Releases;
using BulkRefunds.Reports;
using BulkRefunds.Settlements;
using BulkRefunds.Staging;

namespace BulkRefunds.Host;

/// <summary>
/// Builds the process: configuration (appsettings.json &lt; environment &lt; command line &lt; test overrides),
/// the embedded defaults, the schema, and the rooms. Used by every verb and by the tests.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    private readonly string connectionString;

    private AppHost(IHost host, EmbeddedServices embedded, string connectionString)
    {
        Host = host;
        Embedded = embedded;
        this.connectionString = connectionString;
    }

    public IHost Host { get; }

    public EmbeddedServices Embedded { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>A worker: the rooms plus a Hangfire server, no HTTP listener.</summary>
    public static Task<AppHost> CreateWorkerAsync(string[] args, IReadOnlyDictionary<string, string?>? overrides, CancellationToken cancellationToken) =>
        CreateAsync(args, overrides, webApplication: false, cancellationToken);

    /// <summary>The service: a worker plus the dashboard and HTTP endpoints.</summary>
    public static Task<AppHost> CreateWebAsync(string[] args, IReadOnlyDictionary<string, string?>? overrides, CancellationToken cancellationToken) =>
        CreateAsync(args, overrides, webApplication: true, cancellationToken);

    private static async Task<AppHost> CreateAsync(string[] args, IReadOnlyDictionary<string, string?>? overrides, bool webApplication, CancellationToken cancellationToken)
    {
        var settings = new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory };
        IHostApplicationBuilder builder = webApplication
            ? WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory })
            : Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(settings);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        using var bootstrapLogging = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddConsole());
        var embedded = await EmbeddedServices.StartAsync(builder.Configuration, bootstrapLogging, cancellationToken);
        try
        {
            builder.Configuration.AddInMemoryCollection(embedded.Overrides);
            var connectionString = builder.Configuration.GetConnectionString("BulkRefunds")!;
            await SchemaMigrator.MigrateAsync(connectionString, bootstrapLogging.CreateLogger("BulkRefunds.Schema"), cancellationToken);
            // The rooms in the order a manifest flows through them, then the ones beside the flow (docs/architecture.md).
            builder.Services.AddSingleton(TimeProvider.System);
            builder.Services.AddDatabase(builder.Configuration);
            builder.Services.AddObservability(builder.Configuration, scrape: webApplication);
            // Under systemd (Type=notify): readiness and stopping reported to systemd, logs without colour codes; elsewhere nothing.
            builder.Services.AddSystemd();
            builder.Services.AddManifests(builder.Configuration);
            builder.Services.AddStaging(builder.Configuration);
            builder.Services.AddDispatch(builder.Configuration);
            builder.Services.AddReports(builder.Configuration);
            builder.Services.AddSettlements(builder.Configuration);
            builder.Services.AddKlarna(builder.Configuration);
            builder.Services.AddReleases(builder.Configuration);
            builder.Services.AddInbox(builder.Configuration);
            builder.Services.AddNotifications(builder.Configuration);
            builder.Services.AddAudit();
            builder.Services.AddBulkRefundsHangfire(builder.Configuration, connectionString);
            builder.Services.AddSingleton<ManifestRunner>();
            builder.Services.AddHostedService<ServerCoordination>();
            if (webApplication)
            {
                builder.Services.AddWebSecurity(builder.Configuration);
                builder.Services.AddManifestsWeb();
            }

            IHost host = builder is WebApplicationBuilder web ? Endpoints.Map(web.Build()) : ((HostApplicationBuilder)builder).Build();
            return new AppHost(host, embedded, connectionString);
        }
        catch
        {
            await embedded.DisposeAsync();
            throw;
        }
    }

    /// <summary>The same configuration sources and precedence as the host, for verbs that need no database.</summary>
    public static IConfiguration LoadConfiguration(string[] args) => new ConfigurationBuilder()
        .SetBasePath(AppContext.BaseDirectory)
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args)
        .Build();

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            Host.Dispose();
        }

        // Hangfire opens its connections through Npgsql's global pool, which keeps idle ones for minutes; a process
        // that builds hosts one after another (the tests) would otherwise run the server out of connections.
        using (var pooled = new Npgsql.NpgsqlConnection(connectionString))
        {
            Npgsql.NpgsqlConnection.ClearPool(pooled);
        }

        await Embedded.DisposeAsync();
    }
}
