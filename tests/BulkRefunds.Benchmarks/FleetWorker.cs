using System.Globalization;
using BulkRefunds.Host;
using Microsoft.Extensions.Hosting;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// One worker of <see cref="FleetBenchmark"/> in its own process (<c>dispatch-worker</c>): the real host with its Hangfire
/// server and one Hangfire worker, so one process never holds two manifests' dispatch jobs. Prints "ready" once the
/// server runs; stops when its standard input closes (or when it is killed, which is the point of one scenario).
/// </summary>
public static class FleetWorker
{
    public const string Ready = "ready";

    public static async Task<int> RunAsync(string connectionString, Uri simulator, string reports, int requestsPerSecond, int concurrency)
    {
        var settings = DispatchScenario.HostSettings(connectionString, simulator, reports, requestsPerSecond, concurrency);
        settings["Hangfire:WorkerCount"] = "1";
        await using var app = await AppHost.CreateWorkerAsync([], settings, CancellationToken.None);
        await app.Host.StartAsync(CancellationToken.None);
        Console.WriteLine(Ready);
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        await app.Host.StopAsync(CancellationToken.None);
        return 0;
    }

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args[0], new Uri(args[1]), args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture));
}
