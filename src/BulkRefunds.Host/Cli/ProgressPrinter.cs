using System.Globalization;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// Shows "done / total, rate, ETA": on a terminal one line rewritten in place (about 4 times a second); redirected to
/// a file or a CI log, a plain line when it changes, at most every two seconds.
/// </summary>
public sealed class ProgressPrinter(int total, TextWriter output, bool live) : IProgress<int>
{
    private readonly long started = Environment.TickCount64;
    private long lastPrinted = long.MinValue / 2; // the first report prints at once
    private int lastDone = -1;

    public ProgressPrinter(int total, TextWriter output)
        : this(total, output, live: ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
    {
    }

    public void Report(int value)
    {
        var done = total - value;
        var now = Environment.TickCount64;
        if (done == lastDone || (now - lastPrinted < (live ? 250 : 2000) && done != total))
        {
            return;
        }

        lastDone = done;
        lastPrinted = now;
        var line = Line(done, total, (now - started) / 1000m);
        if (live)
        {
            output.Write($"\r  {line}".PadRight(72));
        }
        else
        {
            output.WriteLine($"  {line}");
        }
    }

    public void Finish()
    {
        if (live)
        {
            output.WriteLine();
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  all {total} rows final in {(Environment.TickCount64 - started) / 1000m:0.0} s"));
    }

    /// <summary>e.g. "1200/5000 rows final, 410 rows/s, about 10 s left".</summary>
    public static string Line(int done, int total, decimal elapsedSeconds)
    {
        var rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
        var left = rate > 0 && done < total ? string.Create(CultureInfo.InvariantCulture, $", about {Math.Ceiling((total - done) / rate)} s left") : "";
        return string.Create(CultureInfo.InvariantCulture, $"{done}/{total} rows final, {rate:0} rows/s{left}");
    }
}
