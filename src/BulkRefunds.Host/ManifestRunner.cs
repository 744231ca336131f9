using BulkRefunds.Dispatch;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Hangfire;
using Hangfire.States;

namespace BulkRefunds.Host;

/// <summary>
/// Drives one manifest to completion through Hangfire: enqueues a dispatch job whenever rows are waiting and
/// no job of ours is queued or running, and returns when no row is open. Completion is read from row state.
/// </summary>
public sealed class ManifestRunner(DispatchQueue dispatch, JobStorage storage, ManifestStore manifests, BacklogStore backlog, ManifestCompletion completion, TimeProvider timeProvider)
{
    private const int MaxFailedJobs = 3;

    private static readonly HashSet<string> FinishedStates =
        new([SucceededState.StateName, FailedState.StateName, DeletedState.StateName], StringComparer.Ordinal);

    public async Task RunToCompletionAsync(Guid manifestId, IProgress<int>? openRows, CancellationToken cancellationToken)
    {
        string? jobId = null;
        string? countedFailure = null;
        var failedJobs = 0;
        while (true)
        {
            var open = await manifests.CountOpenAsync(manifestId, cancellationToken);
            openRows?.Report(open);
            if (open == 0 && await completion.CompleteIfDoneAsync(manifestId, cancellationToken))
            {
                return;
            }

            var state = jobId is null ? null : CurrentState(jobId);
            if (state is null || FinishedStates.Contains(state))
            {
                if (state == FailedState.StateName && countedFailure != jobId)
                {
                    countedFailure = jobId;
                    if (++failedJobs >= MaxFailedJobs)
                    {
                        throw new InvalidOperationException(
                            $"Dispatch of manifest {manifestId} failed {failedJobs} times (database or configuration problem); see the log and the Hangfire dashboard.");
                    }
                }

                // Rows leased by a worker that died become claimable when the lease runs out; until then, wait.
                if (await backlog.CountClaimableAsync(manifestId, cancellationToken) > 0)
                {
                    jobId = dispatch.Enqueue(manifestId);
                }
                else if ((await backlog.WaitingAsync(cancellationToken)).FirstOrDefault(waiting => waiting.ManifestId == manifestId) is { } waiting)
                {
                    // Rows this process will never send (its Klarna settings differ from the import's): waiting would be forever.
                    throw new InvalidOperationException($"Manifest {manifestId} is {waiting.Message}; this process is not. Nothing was sent for those rows.");
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), timeProvider, cancellationToken);
        }
    }

    private string? CurrentState(string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }
}
