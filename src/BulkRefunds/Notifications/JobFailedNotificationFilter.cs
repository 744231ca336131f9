using System.Globalization;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BulkRefunds.Notifications;

/// <summary>
/// Raises <c>job.failed</c> when a job enters Hangfire's Failed state — which, with <c>[AutomaticRetry]</c>, happens only
/// after its last attempt. Given to this host's Hangfire server as a filter of its own (HangfireSetup), not added to
/// Hangfire's static global filters. Delivery jobs are left out: a webhook that is down would otherwise report
/// its own failure to itself, forever.
/// </summary>
public sealed class JobFailedNotificationFilter(Notifier notifier, ILogger<JobFailedNotificationFilter> logger) : JobFilterAttribute, IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is not FailedState failed || context.BackgroundJob.Job is not { } job || job.Type == typeof(DeliverNotificationJob))
        {
            return;
        }

        var parameters = job.Method.GetParameters();
        var manifestIndex = Array.FindIndex(parameters, parameter => parameter.Name == "manifestId");
        var manifestId = manifestIndex >= 0 && job.Args[manifestIndex] is Guid id ? id : (Guid?)null;
        // The exception's type only: its message can carry anything (an SQL text, an address) and this leaves the house.
        var data = Notifier.Data(new
        {
            JobId = context.BackgroundJob.Id,
            Job = $"{job.Type.Name}.{job.Method.Name}",
            FailedAt = failed.FailedAt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            Exception = failed.Exception?.GetType().FullName,
        });
        try
        {
            // Hangfire's filters are synchronous; this runs on a worker thread of Hangfire's own, so waiting is safe.
            notifier.RaiseAsync(new NotificationEvent(NotificationType.JobFailed, manifestId, data,
                    $"job.failed:{context.BackgroundJob.Id}:{failed.FailedAt.Ticks}"), CancellationToken.None).GetAwaiter().GetResult();
        }
        catch (NpgsqlException exception)
        {
            // The job's failure is already recorded by Hangfire; losing its notification must not undo that state change.
            logger.LogWarning(exception, "Could not raise job.failed for job {JobId}", context.BackgroundJob.Id);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
