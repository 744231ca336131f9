using System.Security.Cryptography;
using BulkRefunds.Host.EmbeddedPostgres;
using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator;

namespace BulkRefunds.Host;

/// <summary>
/// The embedded default: with no connection string a private PostgreSQL cluster is started from the machine's
/// binaries, and accounts whose BaseUrl is "simulator" talk to an in-process Klarna simulator. Real use sets
/// ConnectionStrings__BulkRefunds and a Klarna host, and nothing here starts. The simulator never answers for an external
/// database (unless Klarna:AllowSimulatorWithExternalDatabase, for tests): a cron shell that reaches the production
/// database without the Klarna settings must stop, not settle real rows against a stand-in.
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
            if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("BulkRefunds")))
            {
                RefuseSimulatorWithExternalDatabase(configuration);
            }
            else
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

    private static List<IConfigurationSection> SimulatorAccounts(IConfiguration configuration) =>
        [.. configuration.GetSection("Klarna:Accounts").GetChildren()
            .Where(account => string.Equals(account["BaseUrl"], KlarnaOptions.SimulatorBaseUrl, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Thrown before anything starts (no schema, no Hangfire server): the process exits 1 with this sentence.</summary>
    private static void RefuseSimulatorWithExternalDatabase(IConfiguration configuration)
    {
        var simulated = SimulatorAccounts(configuration);
        if (simulated.Count == 0 || configuration.GetValue<bool>(KlarnaOptions.AllowSimulatorWithExternalDatabaseKey))
        {
            return;
        }

        var setting = $"{simulated[0].Path}:BaseUrl";
        throw new Microsoft.Extensions.Options.OptionsValidationException(nameof(KlarnaOptions), typeof(KlarnaOptions),
        [
            $"{setting} is '{KlarnaOptions.SimulatorBaseUrl}' (the built-in Klarna simulator), which only runs with the embedded database, "
            + "but ConnectionStrings:BulkRefunds points at an external one; set " + setting
            + $" (environment {setting.Replace(":", "__", StringComparison.Ordinal)}) to your Klarna API URL or region (eu, na, oc, playground-eu, …) with its Username and Password.",
        ]);
    }

    private async Task StartSimulatorIfConfiguredAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var accounts = SimulatorAccounts(configuration);
        if (accounts.Count == 0)
        {
            return;
        }

        // Throw-away credentials for this process only: the simulator checks Basic auth like Klarna does.
        var options = new SimulatorOptions { OrdersFile = SimulatorOptions.SeedOrdersFile, Username = "sim_" + RandomNumberGenerator.GetHexString(8, lowercase: true), Password = RandomNumberGenerator.GetHexString(32, lowercase: true) };
        simulator = await KlarnaSimulatorServer.StartAsync(options, TimeProvider.System, cancellationToken);
        // BaseUrl stays "simulator": it is the endpoint manifests record, and the port changes with every start.
        Overrides["Klarna:SimulatorAddress"] = simulator.BaseAddress.ToString();
        foreach (var account in accounts)
        {
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
