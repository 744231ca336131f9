using System.Diagnostics;
using System.Globalization;

namespace BulkRefunds.Benchmarks;

/// <summary>CPU time of this process, and of a PostgreSQL cluster: its postmaster, reaped backends and live backends.</summary>
public static class ProcessCpu
{
    // USER_HZ: the unit of /proc/<pid>/stat times; 100 on every mainstream Linux.
    private const long TicksPerSecond = 100;

    public static TimeSpan Self() => Process.GetCurrentProcess().TotalProcessorTime;

    public static TimeSpan Cluster(string dataDirectory)
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(dataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        long ticks = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), CultureInfo.InvariantCulture, out var pid) || Stat(pid) is not { } fields)
            {
                continue;
            }

            // Fields after the ")" that ends the command: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime.
            if (pid == postmaster)
            {
                ticks += Ticks(fields, 11) + Ticks(fields, 12) + Ticks(fields, 13) + Ticks(fields, 14);
            }
            else if (Ticks(fields, 1) == postmaster)
            {
                ticks += Ticks(fields, 11) + Ticks(fields, 12);
            }
        }

        return TimeSpan.FromTicks(ticks * TimeSpan.TicksPerSecond / TicksPerSecond);
    }

    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // the process ended between the listing and the read
        }
    }

    private static long Ticks(string[] fields, int index) => long.Parse(fields[index], CultureInfo.InvariantCulture);
}
