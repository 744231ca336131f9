namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>Holds a request open without answering until the client gives up or the simulator stops.</summary>
internal static class Hang
{
    public static async Task UntilAbortedAsync(HttpContext context)
    {
        // ApplicationStopping too: otherwise disposing the simulator would wait out Kestrel's shutdown timeout
        // for a client that is still patiently waiting.
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        await Task.Delay(Timeout.InfiniteTimeSpan, either.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!context.RequestAborted.IsCancellationRequested)
        {
            // Stopping: close without a reply, so the hang stays a hang to the end.
            context.Abort();
        }
    }
}
