using BulkRefunds.Telemetry;
using Hangfire.States;
using Hangfire.Storage;

namespace BulkRefunds.Host.Telemetry;

/// <summary>
/// Counts Hangfire jobs that end in the Failed state: applied after election, so a failure that <c>[AutomaticRetry]</c>
/// turns into another attempt is not counted, only one that ran out of retries (or has none).
/// </summary>
public sealed class JobFailureFilter(BulkRefundsTelemetry telemetry) : IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is FailedState)
        {
            telemetry.JobFailed(context.BackgroundJob.Job?.Type.Name ?? "unknown");
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        // Leaving Failed (a requeue from the dashboard) does not undo that the job failed.
    }
}
