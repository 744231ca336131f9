using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BulkRefunds.Host.EmbeddedPostgres;

/// <summary>
/// A private PostgreSQL cluster run from the machine's binaries, so BulkRefunds (and its tests) need no
/// database setup. The data folder persists between runs; a server left running by a killed process is reused.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string Superuser = "postgres";
    private const string MaintenanceDatabase = "postgres";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly ClusterPaths paths;
    private readonly ServerAccount account;
    private readonly PostgresBinaries binaries;
    private readonly string password;
    private readonly ILogger logger;
    private bool stopOnDispose;
    private int disposed;

    private LocalPostgresCluster(
        ClusterPaths paths, ServerAccount account, PostgresBinaries binaries, string password, int port, ILogger logger)
    {
        (this.paths, this.account, this.binaries, this.password, this.logger) = (paths, account, binaries, password, logger);
        Port = port;
    }

    public int Port { get; }

    public string DataDirectory => paths.DataDirectory;

    private ClusterAdminStore Admin => new(new NpgsqlConnectionStringBuilder(ConnectionString(MaintenanceDatabase))
    {
        Pooling = false,
        Timeout = 5,
    }.ConnectionString);

    public static Task<LocalPostgresCluster> StartAsync(string dataDirectory, ILogger logger, CancellationToken cancellationToken) =>
        StartAsync(dataDirectory, new LocalPostgresOptions(), logger, cancellationToken);

    public static async Task<LocalPostgresCluster> StartAsync(
        string dataDirectory, LocalPostgresOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PostgresNotAvailableException(
                "A private PostgreSQL cluster is not supported on Windows. Set ConnectionStrings__BulkRefunds to an existing database.");
        }

        var paths = ClusterPaths.For(dataDirectory);
        var account = ServerAccount.Current();
        var binaries = PostgresBinaries.Find(paths.ClusterMajorVersion());
        Directory.CreateDirectory(paths.Parent);
        account.EnsureTraversable(paths.Parent, logger);
        if (!paths.IsInitialized)
        {
            await ClusterInitializer.InitializeAsync(paths, binaries, account, logger, cancellationToken);
        }

        var running = PostmasterPidFile.TryRead(paths.DataDirectory);
        if (running is not null && running.IsServerProcessAlive())
        {
            logger.LogInformation("Reusing the PostgreSQL server already running in {DataDirectory} on port {Port}", paths.DataDirectory, running.Port);
            var reused = new LocalPostgresCluster(paths, account, binaries, paths.ReadPassword(), running.Port, logger);
            await reused.WaitUntilReadyAsync(cancellationToken);
            return reused;
        }

        if (running is not null)
        {
            await running.WaitUntilReapedAsync(cancellationToken);
        }

        var cluster = new LocalPostgresCluster(paths, account, binaries, paths.ReadPassword(), FreeLoopbackPort(), logger);
        await cluster.StartServerAsync(options, cancellationToken);
        return cluster;
    }

    public string ConnectionString(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        return new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Username = Superuser,
            Password = password,
            Database = database,
        }.ConnectionString;
    }

    public async Task CreateDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        if (await Admin.DatabaseExistsAsync(database, cancellationToken))
        {
            return;
        }

        try
        {
            await Admin.CreateDatabaseAsync(database, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // A concurrent caller created it between our check and our CREATE: the database exists, as asked.
        }
    }

    public async Task DropDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        await Admin.DropDatabaseAsync(database, cancellationToken);
        // FORCE killed the pooled connections to it; without this the pool would hand out dead ones.
        await using var pooled = new NpgsqlConnection(ConnectionString(database));
        NpgsqlConnection.ClearPool(pooled);
    }

    public async ValueTask DisposeAsync()
    {
        if (!stopOnDispose || Interlocked.Exchange(ref disposed, 1) == 1 || PostmasterPidFile.TryRead(DataDirectory) is null)
        {
            return;
        }

        logger.LogInformation("Stopping private PostgreSQL cluster in {DataDirectory}", DataDirectory);
        await ServerLauncher.StopAsync(paths, binaries, account, CancellationToken.None);
    }

    private async Task StartServerAsync(LocalPostgresOptions options, CancellationToken cancellationToken)
    {
        var version = await binaries.MajorVersionAsync(cancellationToken);
        logger.LogInformation("Starting private PostgreSQL {Version} cluster in {DataDirectory} on port {Port}", version, DataDirectory, Port);
        await ServerLauncher.StartAsync(paths, binaries, account, Port, options, cancellationToken);
        stopOnDispose = !options.KeepRunning;
        try
        {
            await WaitUntilReadyAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // A server we started but cannot use would otherwise outlive us (and a test run's temp folder).
            await DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await Admin.PingAsync(cancellationToken);
                return;
            }
            catch (NpgsqlException e) when (e is not PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } && clock.Elapsed < ReadyTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
            }
            catch (NpgsqlException e)
            {
                throw new InvalidOperationException(
                    $"The PostgreSQL server in {DataDirectory} did not accept a connection on 127.0.0.1:{Port} " +
                    $"with the password in {paths.PasswordFile}: {e.Message}. If that file no longer matches the cluster, " +
                    $"delete both to create a fresh one.{Environment.NewLine}{paths.LogTail()}", e);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
