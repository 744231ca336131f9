using Hangfire;

namespace BulkRefunds.Reports;

/// <summary>
/// The Hangfire door that writes a manifest's report and summary when a reader asked for one never written: reading
/// (a GET) never writes, so the write happens here, outside the request. Two readers may enqueue two: the second finds
/// the first's write fresh and leaves it alone.
/// </summary>
public sealed class WriteReportJob(ReportService reports)
{
    [AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Write report of manifest {0}")]
    public Task RunAsync(Guid manifestId, CancellationToken cancellationToken) =>
        reports.WriteIfStaleAsync(manifestId, cancellationToken);

    /// <summary>Enqueues the write; returns Hangfire's job id.</summary>
    public static string Enqueue(IBackgroundJobClient jobs, Guid manifestId) =>
        jobs.Enqueue<WriteReportJob>(job => job.RunAsync(manifestId, CancellationToken.None));
}
