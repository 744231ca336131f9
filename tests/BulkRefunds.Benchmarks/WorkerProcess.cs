using System.Diagnostics;
using System.Globalization;

namespace BulkRefunds.Benchmarks;

/// <summary>A <see cref="FleetWorker"/> process of this benchmark's own executable.</summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process) => this.process = process;

    public static async Task<WorkerProcess> StartAsync(string connectionString, Uri simulator, string reports, int requestsPerSecond, int concurrency)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[Path.Combine(AppContext.BaseDirectory, "BulkRefunds.Benchmarks.dll"), "dispatch-worker", connectionString,
                     simulator.ToString(), reports, requestsPerSecond.ToString(CultureInfo.InvariantCulture), concurrency.ToString(CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(arg);
        }

        var worker = new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start a worker process."));
        worker.process.OutputDataReceived += (_, line) =>
        {
            if (line.Data == FleetWorker.Ready)
            {
                worker.ready.TrySetResult();
            }
        };
        worker.process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { Length: > 0 } text)
            {
                Console.Error.WriteLine($"  [worker {worker.process.Id}] {text}");
            }
        };
        worker.process.BeginOutputReadLine();
        worker.process.BeginErrorReadLine();
        await worker.ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return worker;
    }

    /// <summary>SIGKILL: no shutdown, nothing given back.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.StandardInput.Close();
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }

        process.Dispose();
    }
}
