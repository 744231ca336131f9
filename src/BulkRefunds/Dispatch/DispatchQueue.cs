using Hangfire;

namespace BulkRefunds.Dispatch;

/// <summary>
/// The one place a manifest's dispatch is enqueued (uploads, the drop folder, approval, retry, the recovery and release
/// sweeps, the command line). Enqueueing twice is harmless: a second job finds the rows claimed and ends.
/// </summary>
public sealed class DispatchQueue(IBackgroundJobClient jobs)
{
    /// <summary>Enqueues <see cref="DispatchManifestJob"/> for the manifest; returns Hangfire's job id.</summary>
    public string Enqueue(Guid manifestId) =>
        jobs.Enqueue<DispatchManifestJob>(job => job.RunAsync(manifestId, CancellationToken.None));
}
