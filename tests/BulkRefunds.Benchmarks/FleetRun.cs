using System.Globalization;
using BulkRefunds.KlarnaSimulator.Traffic;

namespace BulkRefunds.Benchmarks;

/// <summary>What one <see cref="FleetBenchmark"/> run measured, and its line of the table.</summary>
public sealed class FleetRun(int workers, int manifests, bool killed)
{
    public TimeSpan Wall { get; set; }

    public SimulatorStats? Stats { get; set; }

    public long BudgetStatements { get; set; }

    public long? KilledAt { get; set; }

    public string Load { get; set; } = "";

    /// <summary>One line of the table; false when a goal of issue 16 was not met.</summary>
    public bool Print(int cap)
    {
        var stats = Stats ?? throw new InvalidOperationException("The run has no simulator stats.");
        var full = FullSeconds(stats);
        var mean = full.Count == 0 ? 0 : full.Average(second => (decimal)second.Requests);
        var seconds = Math.Max(1, Wall.Ticks) / (decimal)TimeSpan.TicksPerSecond;
        var perSecond = BudgetStatements / seconds;
        var met = mean >= 0.95m * cap && stats.RateLimited == 0 && stats.MaxAdmittedPerSlidingSecond <= cap;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{workers,7}  {manifests,9}{(killed ? "+kill" : ""),-5}  {seconds,5:0.0}  {stats.Requests,8}  {stats.Requests / seconds,5:0.0}  {mean,11:0.0}  {mean / cap,5:0.000}  {stats.RateLimited,3}  " +
            $"{stats.MaxRequestsPerSecond,11}  {stats.MaxAdmittedPerSlidingSecond,13}  {perSecond,14:0.0} ({perSecond / workers:0.0})  {Load}{(met ? "" : "  NOT MET")}"));
        Console.WriteLine($"  per second: {string.Join(' ', full.Select(second => second.Requests))}");
        return met;
    }

    /// <summary>Requests in each whole second after the kill: the survivor should be at the full budget within 2 s.</summary>
    public bool PrintAfterKill(int cap)
    {
        var stats = Stats ?? throw new InvalidOperationException("The run has no simulator stats.");
        var killedAt = KilledAt ?? throw new InvalidOperationException("No worker was killed.");
        var after = FullSeconds(stats).Where(second => second.Second > killedAt).ToList();
        Console.WriteLine($"  killed one of 2 workers in second {killedAt}; requests in the seconds after: " +
            string.Join(' ', after.Select(second => $"+{second.Second - killedAt}:{second.Requests}")));
        var settled = after.Where(second => second.Second >= killedAt + 2).ToList();
        var met = settled.Count > 0 && settled.All(second => second.Requests >= 0.95m * cap);
        Console.WriteLine($"  goal: every whole second from +2 on ≥ 0.95 × {cap}: {(met ? "met" : "NOT MET")}");
        return met;
    }

    // Every second from the first to the last request but those two (partial), zeros included.
    private static List<(long Second, int Requests)> FullSeconds(SimulatorStats stats)
    {
        var counts = stats.BySecond.ToDictionary(pair => long.Parse(pair.Key, CultureInfo.InvariantCulture), pair => pair.Value.Requests);
        if (counts.Count < 3)
        {
            return [];
        }

        var (first, last) = (counts.Keys.Min(), counts.Keys.Max());
        return [.. Enumerable.Range(1, (int)(last - first - 1)).Select(offset => (first + offset, counts.GetValueOrDefault(first + offset)))];
    }
}
