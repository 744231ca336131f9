using Hangfire;

namespace BulkRefunds.Reports;

/// <summary>
/// Recurring: rewrites the served reports whose manifest's rows changed after they were written (a retry, a cancel, a
/// hand-back, a late outcome, SQL by hand: every door moves the counters, so none needs to call this). Nothing stale
/// costs one read of the counters. Two runs at once write each report once: the second finds the first's write fresh.
/// </summary>
public sealed class RewriteStaleReportsJob(ReportFileStore files, ReportService reports)
{
    public const string RecurringJobId = "rewrite-stale-reports";

    [AutomaticRetry(Attempts = 0)] // the next minute's run is the retry
    [JobDisplayName("Rewrite stale reports")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var manifestId in await files.StaleAsync(cancellationToken))
        {
            await reports.WriteIfStaleAsync(manifestId, cancellationToken);
        }
    }
}
