using System.Security.Cryptography;
using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator;
using BulkRefunds.Staging;

namespace BulkRefunds.Host;

/// <summary>
/// The embedded default: with no connection string a private PostgreSQL cluster is started from the machine's
/// binaries, and accounts whose BaseUrl is "simulator" talk to an in-process Klarna simulator. Real use sets
/// ConnectionStrings__BulkRefunds and a Klarna host, and nothing here starts.
/// </summary>
public sealed class EmbeddedServices : IAsyncDisposable
{
    public const string DatabaseName = "bulkrefunds";

    private LocalPostgresCluster? cluster;
    private KlarnaSimulatorServer? simulator;

    public Dictionary<string, string?> Overrides { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static async Task<EmbeddedServices> StartAsync(IConfiguration configuration, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var embedded = new EmbeddedServices();
        try
        {
            if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("BulkRefunds")))
            {
                var folder = Path.GetFullPath(configuration["Storage:LocalDataDirectory"] ?? ".bulkrefunds/pg");
                embedded.cluster = await LocalPostgresCluster.StartAsync(folder, loggerFactory.CreateLogger<LocalPostgresCluster>(), cancellationToken);
                await embedded.cluster.CreateDatabaseAsync(DatabaseName, cancellationToken);
                embedded.Overrides["ConnectionStrings:BulkRefunds"] = embedded.cluster.ConnectionString(DatabaseName);
            }

            await embedded.StartSimulatorIfConfiguredAsync(configuration, cancellationToken);
            return embedded;
        }
        catch
        {
            await embedded.DisposeAsync();
            throw;
        }
    }

    private async Task StartSimulatorIfConfiguredAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var accounts = configuration.GetSection("Klarna:Accounts").GetChildren()
            .Where(account => string.Equals(account["BaseUrl"], KlarnaOptions.SimulatorBaseUrl, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (accounts.Count == 0)
        {
            return;
        }

        // Throw-away credentials for this process only: the simulator checks Basic auth like Klarna does.
        var options = new SimulatorOptions { OrdersFile = SimulatorOptions.SeedOrdersFile, Username = "sim_" + RandomNumberGenerator.GetHexString(8, lowercase: true), Password = RandomNumberGenerator.GetHexString(32, lowercase: true) };
        simulator = await KlarnaSimulatorServer.StartAsync(options, TimeProvider.System, cancellationToken);
        foreach (var account in accounts)
        {
            Overrides[$"{account.Path}:BaseUrl"] = simulator.BaseAddress.ToString();
            Overrides[$"{account.Path}:Username"] = options.Username;
            Overrides[$"{account.Path}:Password"] = options.Password;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (simulator is not null)
        {
            await simulator.DisposeAsync();
        }

        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
