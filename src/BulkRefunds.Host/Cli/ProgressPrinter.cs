namespace BulkRefunds.Host.Cli;

/// <summary>Prints "done / total" when it changes, at most every two seconds, as plain lines (safe in logs and CI).</summary>
public sealed class ProgressPrinter(int total, TextWriter output) : IProgress<int>
{
    private readonly long started = Environment.TickCount64;
    private long lastPrinted = Environment.TickCount64;
    private int lastDone = -1;

    public void Report(int value)
    {
        var done = total - value;
        var now = Environment.TickCount64;
        if (done == lastDone || (now - lastPrinted < 2000 && done != total))
        {
            return;
        }

        lastDone = done;
        lastPrinted = now;
        var seconds = Math.Max(1, (now - started) / 1000);
        output.WriteLine($"  {done}/{total} rows final ({done / seconds} rows/s)");
    }

    public void Finish() => output.WriteLine($"  all {total} rows final in {(Environment.TickCount64 - started) / 1000}.{(Environment.TickCount64 - started) % 1000 / 100} s");
}
