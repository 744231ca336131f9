namespace BulkRefunds.KlarnaSimulator.Http;

/// <summary>
/// Replaces ConsoleLifetime when the simulator runs inside another process: the host owns Ctrl+C and
/// SIGTERM, and the simulator is stopped by disposing its server.
/// </summary>
internal sealed class InProcessLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
