using Hangfire;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Recurring: finds manifests with rows nobody is working on — staged, or 'sending' with a lease that ran out
/// because a worker died — and enqueues their dispatch. Running it twice at once is harmless: rows are claimed by
/// state, and a dispatch job with nothing to claim ends at once.
/// </summary>
public sealed class RecoverySweepJob(BacklogStore backlog, DispatchQueue dispatch)
{
    public const string RecurringJobId = "recovery-sweep";

    [AutomaticRetry(Attempts = 0)] // the next minute's run is the retry
    [JobDisplayName("Recovery sweep: resume manifests with unclaimed or orphaned rows")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var manifestId in await backlog.WithClaimableRowsAsync(cancellationToken))
        {
            dispatch.Enqueue(manifestId);
        }
    }
}
