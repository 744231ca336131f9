using BulkRefunds.Dispatch;
using BulkRefunds.Staging;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Releases;

/// <summary>
/// Recurring (cron and zone from <c>Releases</c>): release rows whose <c>not_before</c> day has come are staged and
/// their manifests dispatched. Each release goes through dispatch like any row — its own stored key, preflight turns
/// an order with nothing left into <c>not_releasable</c> — so two overlapping sweeps cannot release twice: staging is
/// a guarded state change, and sending is claimed by row state.
/// </summary>
public sealed class ReleaseSweepJob(ManifestStore manifests, IBackgroundJobClient jobs, IOptions<ReleaseOptions> options,
    TimeProvider timeProvider, ILogger<ReleaseSweepJob> logger)
{
    public const string RecurringJobId = "release-sweep";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Release sweep: release authorizations that are due")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var today = options.Value.Today(timeProvider);
        var due = await manifests.StageDueReleasesAsync(today, cancellationToken);
        foreach (var manifestId in due)
        {
            jobs.Enqueue<DispatchManifestJob>(job => job.RunAsync(manifestId, CancellationToken.None));
        }

        logger.LogInformation("Release sweep for {Today}: {Manifests} manifests with releases due", today, due.Count);
    }
}
