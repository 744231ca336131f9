using System.Diagnostics;
using System.Globalization;

namespace BulkRefunds.Host.EmbeddedPostgres;

/// <summary>The lock file a running server keeps in its data folder: pid on line 1, port on line 4.</summary>
internal sealed record PostmasterPidFile(int Pid, int Port)
{
    public static PostmasterPidFile? TryRead(string dataDirectory)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Path.Combine(dataDirectory, "postmaster.pid"));
        }
        catch (IOException)
        {
            // Absent, or removed by a server shutting down between our look and our read: nothing is running.
            return null;
        }

        return lines.Length >= 4 && TryParse(lines[0], out var pid) && TryParse(lines[3], out var port)
            ? new PostmasterPidFile(pid, port)
            : null;
    }

    // The name check keeps a pid recycled after a reboot from passing for our server.
    public bool IsServerProcessAlive()
    {
        try
        {
            using var process = Process.GetProcessById(Pid);
            return !process.HasExited && process.ProcessName.StartsWith("postgres", StringComparison.Ordinal) && !IsZombie();
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// postgres refuses to start while the old pid still exists, and a killed server lingers as a zombie until
    /// its parent (often a container's init) reaps it; give that a moment instead of failing the start.
    /// </summary>
    public async Task WaitUntilReapedAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (IsZombie() && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    // A killed server whose parent has not reaped it yet (common in containers) still "exists"; Linux shows it
    // as state Z after the ")" that ends the command name in /proc/<pid>/stat.
    private bool IsZombie()
    {
        var stat = $"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 1)..].TrimStart() is ['Z' or 'X', ..];
        }
        catch (IOException)
        {
            // No procfs (macOS) or the process is gone: Process.HasExited already had the last word.
            return false;
        }
    }

    private static bool TryParse(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
