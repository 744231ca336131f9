using BulkRefunds.Host.EmbeddedPostgres;
using Microsoft.Extensions.Logging.Abstractions;

namespace BulkRefunds.Tests.Infrastructure;

/// <summary>
/// One private PostgreSQL cluster for the whole test run, started from the machine's binaries (a missing
/// PostgreSQL fails the run, it is never skipped), and a fresh database per test class.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"bulkrefunds-tests-{Guid.NewGuid():N}");
    private LocalPostgresCluster? cluster;

    public LocalPostgresCluster Cluster => cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public async Task InitializeAsync() =>
        cluster = await LocalPostgresCluster.StartAsync(Path.Combine(folder, "pg"), new LocalPostgresOptions(Durable: false),
            NullLogger.Instance, CancellationToken.None);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string purpose)
    {
        var name = $"t_{purpose.ToLowerInvariant()}_{Guid.NewGuid():N}";
        name = name[..Math.Min(name.Length, 48)];
        await Cluster.CreateDatabaseAsync(name, CancellationToken.None);
        return Cluster.ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean: the temp folder is not part of any assertion.
        }
        catch (UnauthorizedAccessException)
        {
            // As above: the data folder may belong to the postgres account.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
