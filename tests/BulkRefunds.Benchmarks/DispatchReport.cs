using System.Globalization;
using System.Text.RegularExpressions;
using BulkRefunds.KlarnaSimulator;

namespace BulkRefunds.Benchmarks;

/// <summary>Prints one <see cref="DispatchRun"/>: timings, the simulator's per-second counts, jobs, statements, CPU, goals.</summary>
public static partial class DispatchReport
{
    public static bool Print(DispatchRun run, TextWriter output)
    {
        var s = run.Scenario;
        var stats = run.Stats ?? throw new InvalidOperationException("The run has no simulator stats.");
        var rows = run.Summary?.Rows ?? s.Rows;
        var perSecond = PerSecond(stats.BySecond);
        var full = perSecond.Count > 2 ? perSecond[1..^1] : perSecond;
        var refunds = run.Ledger.Count(entry => entry.Kind == LedgerEntry.RefundKind);
        var keys = run.Ledger.Select(entry => entry.IdempotencyKey).Distinct(StringComparer.Ordinal).Count();
        var requestsPerSecond = stats.Requests / Seconds(run.Dispatch);
        var ourStatements = Sum(run.ImportStatements, true) + Sum(run.DispatchStatements, true) + Sum(run.ReportStatements, true);
        var lines = new List<string>
        {
            $"dispatch {s.Name}: {s.Rows} rows, cap {s.RequestsPerSecond}/s, simulator latency {s.LatencyMilliseconds} ms, " +
                $"simulator limit {(s.SimulatorRateLimit > 0 ? $"{s.SimulatorRateLimit}/s" : "none")}, concurrency {s.Concurrency}" +
                (s.BatchSize > 0 ? $", batch {s.BatchSize}" : "") + (s.Preflight is not null ? $", preflight {s.Preflight}" : ""),
            F($"  wall            import {Seconds(run.Import):0.00} s, dispatch {Seconds(run.Dispatch):0.00} s (enqueue → no row open), report {Seconds(run.Report):0.00} s, total {Seconds(run.EndToEnd):0.00} s"),
            $"  rows            {string.Join(", ", (run.Summary?.RowsByStatus ?? new Dictionary<string, int>()).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value}"))}",
            $"  ledger          {refunds} refunds applied, {keys} distinct idempotency keys",
            F($"  simulator       {stats.Requests} requests ({stats.Requests / (decimal)Math.Max(1, rows):0.00} per row), {stats.RateLimited} answered 429; max {stats.MaxRequestsPerSecond} requests and {stats.MaxAdmittedPerSecond} admitted in one second"),
            F($"  requests/s      {requestsPerSecond:0.0} (simulator requests / dispatch wall); {Mean(full):0.0} mean over {full.Count} full seconds (min {(full.Count > 0 ? full.Min() : 0)}, max {(full.Count > 0 ? full.Max() : 0)})"),
            F($"  refunds/s       {refunds / Seconds(run.Dispatch):0.0} (ledger / dispatch wall); end-to-end {refunds / Seconds(run.EndToEnd):0.0} refunds/s (import + dispatch + report)"),
            $"  per second      {string.Join(' ', perSecond)}",
            $"  hangfire jobs   {run.HangfireJobs} ({string.Join(", ", run.HangfireJobsByState.Select(p => $"{p.Key} {p.Value}"))})",
            F($"  statements      ours {ourStatements} = {ourStatements / (decimal)Math.Max(1, rows):0.0000} per row (import {Sum(run.ImportStatements, true)}, dispatch {Sum(run.DispatchStatements, true)}, report {Sum(run.ReportStatements, true)}); ") +
                F($"all in the database {Sum(run.ImportStatements) + Sum(run.DispatchStatements) + Sum(run.ReportStatements)} (Hangfire {Sum(run.DispatchStatements, hangfire: true) + Sum(run.ImportStatements, hangfire: true) + Sum(run.ReportStatements, hangfire: true)})"),
            F($"  transactions    {run.TransactionsAfter - run.TransactionsBefore} committed in the database from host start to stop (pg_stat_database.xact_commit) = {(run.TransactionsAfter - run.TransactionsBefore) / (decimal)Math.Max(1, rows):0.0000} per row"),
            F($"  CPU (dispatch)  host {Micros(run.HostCpu, stats.Requests)} µs, simulator {Micros(run.SimulatorCpu, stats.Requests)} µs, PostgreSQL {Micros(run.PostgresCpu, stats.Requests)} µs per request; ") +
                F($"{(run.HostCpu + run.SimulatorCpu + run.PostgresCpu).Ticks * 100 / Math.Max(1, run.Dispatch.Ticks)} % of one core in all"),
            "  dispatch statements by calls:",
        };
        lines.AddRange(run.DispatchStatements.Take(8).Select(statement => $"    {statement.Calls,8}  {Shorten(statement.Query)}"));
        var (goals, met) = Goals(run, requestsPerSecond, refunds, rows);
        lines.AddRange(goals);
        lines.ForEach(output.WriteLine);
        return met;
    }

    // The issue's goals: fidelity with a simulator limit, end-to-end refunds/s for headroom, Hangfire jobs always.
    private static (List<string> Lines, bool Met) Goals(DispatchRun run, decimal requestsPerSecond, int refunds, int rows)
    {
        var s = run.Scenario;
        var goals = new List<(string Text, bool Met)>();
        if (s.SimulatorRateLimit > 0)
        {
            goals.Add((F($"requests/s {requestsPerSecond:0.0} ≥ 0.95 × {s.RequestsPerSecond} = {0.95m * s.RequestsPerSecond:0}"), requestsPerSecond >= 0.95m * s.RequestsPerSecond));
            goals.Add(($"no one-second window above {s.SimulatorRateLimit}: max {run.Stats!.MaxRequestsPerSecond}", run.Stats.MaxRequestsPerSecond <= s.SimulatorRateLimit));
        }

        if (s.Name == "headroom")
        {
            var endToEnd = refunds / Seconds(run.EndToEnd);
            goals.Add((F($"end-to-end {endToEnd:0.0} refunds/s ≥ 0.8 × {s.RequestsPerSecond} = {0.8m * s.RequestsPerSecond:0}"), endToEnd >= 0.8m * s.RequestsPerSecond));
        }

        goals.Add(($"Hangfire jobs {run.HangfireJobs} (all kinds) ≤ 200", run.HangfireJobs <= 200));
        goals.Add(($"every row succeeded, each applied once", run.Summary?.RowsByStatus.GetValueOrDefault("succeeded") == rows && refunds == rows));
        return ([.. goals.Select(goal => $"  goal            {goal.Text}: {(goal.Met ? "met" : "NOT MET")}")], goals.All(goal => goal.Met));
    }

    // Every second from the first to the last request, zeros included.
    private static List<int> PerSecond(IReadOnlyDictionary<string, KlarnaSimulator.Traffic.SecondStats> bySecond)
    {
        if (bySecond.Count == 0)
        {
            return [];
        }

        var counts = bySecond.ToDictionary(pair => long.Parse(pair.Key, CultureInfo.InvariantCulture), pair => pair.Value.Requests);
        var (first, last) = (counts.Keys.Min(), counts.Keys.Max());
        return [.. Enumerable.Range(0, (int)(last - first + 1)).Select(offset => counts.GetValueOrDefault(first + offset))];
    }

    private static long Sum(IReadOnlyList<(long Calls, string Query)> statements, bool ours = false, bool hangfire = false) =>
        statements.Where(s => (!ours || StatementSnapshot.IsOurs(s.Query)) && (!hangfire || StatementSnapshot.IsHangfire(s.Query))).Sum(s => s.Calls);

    private static decimal Seconds(TimeSpan span) => Math.Max(1, span.Ticks) / (decimal)TimeSpan.TicksPerSecond;

    private static decimal Mean(List<int> values) => values.Count == 0 ? 0 : values.Sum() / (decimal)values.Count;

    private static long Micros(TimeSpan cpu, long requests) => cpu.Ticks / 10 / Math.Max(1, requests);

    private static string Shorten(string query)
    {
        var flat = Whitespace().Replace(query, " ").Trim();
        return flat.Length > 110 ? flat[..110] + "…" : flat;
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
