using BulkRefunds.KlarnaSimulator;
using BulkRefunds.KlarnaSimulator.Traffic;
using BulkRefunds.Reports;

namespace BulkRefunds.Benchmarks;

/// <summary>What one <see cref="DispatchScenario"/> measured; filled in as the run goes.</summary>
public sealed class DispatchRun
{
    public required DispatchScenario Scenario { get; init; }

    public TimeSpan Import { get; set; }

    /// <summary>From the enqueue of the dispatch job until no row is open (RunToCompletionAsync returned).</summary>
    public TimeSpan Dispatch { get; set; }

    public TimeSpan Report { get; set; }

    public TimeSpan EndToEnd => Import + Dispatch + Report;

    public ReportSummary? Summary { get; set; }

    public SimulatorStats? Stats { get; set; }

    public IReadOnlyList<LedgerEntry> Ledger { get; set; } = [];

    public int HangfireJobs { get; set; }

    public IReadOnlyDictionary<string, int> HangfireJobsByState { get; set; } = new Dictionary<string, int>();

    public IReadOnlyList<(long Calls, string Query)> ImportStatements { get; set; } = [];

    public IReadOnlyList<(long Calls, string Query)> DispatchStatements { get; set; } = [];

    public IReadOnlyList<(long Calls, string Query)> ReportStatements { get; set; } = [];

    public long TransactionsBefore { get; set; }

    public long TransactionsAfter { get; set; }

    /// <summary>CPU used during the dispatch phase: this process (host: Hangfire, dispatcher, client), the simulator, PostgreSQL.</summary>
    public TimeSpan HostCpu { get; set; }

    public TimeSpan SimulatorCpu { get; set; }

    public TimeSpan PostgresCpu { get; set; }
}
