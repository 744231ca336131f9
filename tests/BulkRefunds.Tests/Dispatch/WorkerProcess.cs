using System.Diagnostics;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// The real <c>bulkrefunds</c> executable as a child process that a test can kill -9: <see cref="Process.Kill(bool)"/>
/// sends SIGKILL on Linux, so no finally block, host shutdown or Hangfire cancellation runs — leases, 'sending' rows and
/// the Hangfire job are left exactly as a power cut would leave them.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly Task<string> output;
    private readonly Task<string> error;

    private WorkerProcess(Process process)
    {
        this.process = process;
        output = process.StandardOutput.ReadToEndAsync();
        error = process.StandardError.ReadToEndAsync();
    }

    public static WorkerProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = CliProcess.StartInfo(workingDirectory, environment, args);
        return new WorkerProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start bulkrefunds."));
    }

    /// <summary>Starts the command and kills it -9 as soon as <paramref name="killWhen"/> holds.</summary>
    public static async Task KillWhenAsync(Func<bool> killWhen, string description, string workingDirectory,
        IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        await using var worker = Start(workingDirectory, environment, args);
        await worker.WaitUntilAsync(killWhen, TimeSpan.FromSeconds(20), description);
        await worker.KillAsync();
    }

    /// <summary>Polls <paramref name="condition"/>; fails with the process's output if it exits or time runs out first.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string description)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            if (process.HasExited)
            {
                Assert.Fail($"bulkrefunds exited ({process.ExitCode}) before {description}.\n{await output}\n{await error}");
            }

            if (stopwatch.Elapsed > timeout)
            {
                Assert.Fail($"Waited {timeout} for {description}.");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>SIGKILL, then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    public async Task<CliProcess.Result> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            Assert.Fail($"bulkrefunds did not finish within {timeout}.\n{await output}\n{await error}");
        }

        return new CliProcess.Result(process.ExitCode, await output, await error);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            await KillAsync();
        }

        process.Dispose();
    }
}
