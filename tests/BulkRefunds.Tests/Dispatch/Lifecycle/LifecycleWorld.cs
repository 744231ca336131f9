using BulkRefunds.Host;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// What every case of the lifecycle test shares: one database, Klarna (the simulator on the shifted clock, behind a
/// gateway), another Klarna (a second simulator, a different endpoint), the main worker and the misconfigured ones.
/// Cases never meet: each creates its own orders, and sweeps only run the case's manifests.
/// </summary>
internal sealed class LifecycleWorld : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> owned = [];

    private LifecycleWorld(string folder) => Folder = folder;

    public ShiftedClock Clock { get; } = new();

    public string Folder { get; }

    public Simulator Klarna { get; private set; } = null!;

    public KlarnaGateway Gateway { get; private set; } = null!;

    /// <summary>The worker as configured: accounts <c>default</c> and <c>eu</c>, both through the gateway to Klarna.</summary>
    public LifecycleWorker Main { get; private set; } = null!;

    /// <summary>Workers that must not settle the main worker's rows; null where the host refused to start (fail closed at start).</summary>
    public IReadOnlyList<(string Name, LifecycleWorker? Worker)> Others { get; private set; } = [];

    public static async Task<LifecycleWorld> StartAsync(PostgresFixture postgres, string folder)
    {
        var world = new LifecycleWorld(folder);
        try
        {
            var database = await postgres.CreateDatabaseAsync("lifecycle");
            world.Klarna = world.Own(await Simulator.StartAsync(world.Clock));
            world.Gateway = world.Own(await KlarnaGateway.StartAsync(world.Klarna.BaseAddress));
            var elsewhere = world.Own(await Simulator.StartAsync(world.Clock));
            world.Main = world.Own(await world.WorkerAsync("main", database, world.Klarna, Accounts(world.Gateway.BaseAddress, "default", "eu")));
            world.Others =
            [
                ("another Klarna endpoint for both accounts", world.Own(await world.WorkerAsync("elsewhere", database, elsewhere, Accounts(elsewhere.BaseAddress, "default", "eu")))),
                ("no account eu", world.Own(await world.WorkerAsync("no-eu", database, world.Klarna, Accounts(world.Gateway.BaseAddress, "default")))),
                ("appsettings.json as shipped (default = the in-process simulator)", await world.ShippedSettingsWorkerAsync(database)),
            ];
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>Klarna behaves again: queued faults and armed gateway errors are dropped.</summary>
    public void ClearFaults()
    {
        Klarna.Server.State.Faults.Clear();
        Gateway.Clear();
    }

    public string FaultCounts() => string.Join(", ", Klarna.Server.State.Faults.InjectedCounts().Select(kind => $"{kind.Key} {kind.Value}"))
        + $", gateway after apply {Gateway.Injected}";

    private static Dictionary<string, string?> Accounts(Uri baseUrl, params string[] names)
    {
        var settings = new Dictionary<string, string?> { ["Klarna:TimeoutSeconds"] = "1" };
        foreach (var name in names)
        {
            settings[$"Klarna:Accounts:{name}:BaseUrl"] = baseUrl.ToString();
            settings[$"Klarna:Accounts:{name}:Username"] = Simulator.Username;
            settings[$"Klarna:Accounts:{name}:Password"] = Simulator.Password;
            settings[$"Klarna:Accounts:{name}:RequestsPerSecond"] = "500";
        }

        return settings;
    }

    private async Task<LifecycleWorker> WorkerAsync(string name, string database, Simulator simulator, Dictionary<string, string?> settings) =>
        new(name, await TestApp.CreateWorkerAsync(database, simulator, Path.Combine(Folder, name), settings), Clock);

    // A cron shell with only the connection string: every other setting comes from the shipped appsettings.json.
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031", Justification = "Which exception a host refuses its settings with is not this test's business.")]
    private async Task<LifecycleWorker?> ShippedSettingsWorkerAsync(string database)
    {
        try
        {
            return Own(new LifecycleWorker("shipped", await AppHost.CreateWorkerAsync([], new Dictionary<string, string?>
            {
                ["ConnectionStrings:BulkRefunds"] = database,
                ["Reports:Directory"] = Path.Combine(Folder, "shipped"),
                ["Logging:LogLevel:Default"] = "Warning",
            }, CancellationToken.None), Clock));
        }
        // Any exception: how a host refuses settings it must not run with is another part's decision, and refusing to
        // start is exactly what such a worker should do — the steps that would use it are then no-ops.
        catch (Exception)
        {
            return null;
        }
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        owned.Add(disposable);
        return disposable;
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync();
        }
    }
}
