using BulkRefunds.Reports;
using BulkRefunds.Settlements;
using BulkRefunds.Staging;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// Every exit code of <c>bulkrefunds</c>, in one place (the table in README.md, "Exit codes", says the same): scripts and
/// schedulers branch on these, so a code never changes meaning.
/// </summary>
public static class ExitCodes
{
    /// <summary>Everything was done and nothing needs a person.</summary>
    public const int Done = 0;

    /// <summary>The file was rejected as a whole, or a fatal error (database, configuration) stopped the verb.</summary>
    public const int Fatal = 1;

    /// <summary>Some rows need attention: failed, invalid, duplicate, needs review, or a release that could not be made.</summary>
    public const int RowsNeedAttention = 2;

    /// <summary>Nothing was sent because the manifest awaits approval on the dashboard.</summary>
    public const int AwaitingApproval = 3;

    /// <summary>The command line was not understood (sysexits' EX_USAGE); nothing was done.</summary>
    public const int Usage = 64;

    /// <summary>Stopped by SIGINT (Ctrl+C) or SIGTERM: rows in flight keep their keys and leases, and the same command resumes them.</summary>
    public const int Interrupted = 130;

    /// <summary>Report statuses a person must act on; succeeded, released, scheduled, skipped and superseded are decided outcomes.</summary>
    private static readonly HashSet<string> AttentionStatuses = new(
        [ReportStatus.Failed, ReportStatus.Invalid, ReportStatus.Duplicate, ReportStatus.NeedsReview, ReportStatus.NotReleasable, ReportStatus.Pending],
        StringComparer.Ordinal);

    /// <summary>After reports were written: 2 when any row (or a <c>--verify</c> check) needs attention, else 0.</summary>
    public static int ForReports(IEnumerable<ReportSummary> summaries) =>
        summaries.Any(summary => summary.RowsByStatus.Keys.Any(AttentionStatuses.Contains) || summary.Verification is { Mismatches.Count: > 0 })
            ? RowsNeedAttention
            : Done;

    /// <summary>After a settlements run: 2 when a refund is overdue or settled at another amount, or a return matches no row of ours; else 0.</summary>
    public static int ForSettlements(SettlementSummary summary) => summary.NeedsAttention ? RowsNeedAttention : Done;

    /// <summary>After an import: 3 while it awaits approval (nothing is sent, whatever its rows), 2 when rows were refused, else 0.</summary>
    public static int ForImport(ImportResult import) =>
        import.Manifest.AwaitingApproval ? AwaitingApproval
        // Row states a person must act on (an import of a file run before finds its rows as they are).
        : import.RowsByState.Keys.Any(state => state is RowState.Invalid or RowState.Duplicate or RowState.Failed or RowState.InDoubt
            or RowState.NeedsReview or RowState.NotReleasable) ? RowsNeedAttention
        : Done;
}
