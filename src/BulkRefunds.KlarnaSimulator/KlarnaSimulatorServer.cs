using BulkRefunds.KlarnaSimulator.Http;

namespace BulkRefunds.KlarnaSimulator;

/// <summary>The simulator running in-process on a free loopback port (for the host's embedded default and tests).</summary>
public sealed class KlarnaSimulatorServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private KlarnaSimulatorServer(WebApplication app, Uri baseAddress, SimulatorState state)
    {
        this.app = app;
        BaseAddress = baseAddress;
        State = state;
    }

    /// <summary>Where the simulator listens, with a trailing slash, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseAddress { get; }

    /// <summary>The live orders and ledger, for inspection without HTTP.</summary>
    public SimulatorState State { get; }

    /// <summary>Starts a simulator on http://127.0.0.1 with a port chosen by the OS.</summary>
    public static async Task<KlarnaSimulatorServer> StartAsync(
        SimulatorOptions options,
        TimeProvider? timeProvider,
        CancellationToken cancellationToken)
    {
        var app = KlarnaSimulatorApp.Build(options, timeProvider ?? TimeProvider.System, [], inProcess: true);
        try
        {
            app.Urls.Add("http://127.0.0.1:0");
            await app.StartAsync(cancellationToken);

            // After start, Urls holds the address Kestrel actually bound, port included.
            var baseAddress = new Uri(app.Urls.Single().TrimEnd('/') + "/");
            return new KlarnaSimulatorServer(app, baseAddress, app.Services.GetRequiredService<SimulatorState>());
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
    }
}
