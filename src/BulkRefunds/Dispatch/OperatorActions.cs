using BulkRefunds.Notifications;
using BulkRefunds.Staging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Dispatch;

/// <summary>
/// What an operator can do to a manifest from the dashboard or the API: approve it (two-step approval), retry its
/// retryable rows, or cancel what has not been sent. Each enqueues the dispatch or writes the report it leads to.
/// </summary>
public sealed class OperatorActions(
    ManifestStore manifests, OperatorActionsStore store, ManifestCompletion completion, DispatchQueue dispatch, Notifier notifier,
    IOptions<ApprovalOptions> approval, ImportCalendar calendar, TimeProvider timeProvider, ILogger<OperatorActions> logger)
{
    public async Task<OperatorActionResult> ApproveAsync(Guid manifestId, string user, CancellationToken cancellationToken)
    {
        var manifest = await manifests.FindAsync(manifestId, cancellationToken);
        if (manifest is null)
        {
            return OperatorActionResult.NotFound;
        }

        if (!manifest.AwaitingApproval)
        {
            return OperatorActionResult.Refused("This manifest is not awaiting approval.");
        }

        var vote = await store.ApproveAsync(manifestId, user, approval.Value.FourEyes, timeProvider.GetUtcNow(), cancellationToken);
        switch (vote.Outcome)
        {
            case ApprovalOutcome.OwnUpload:
                return OperatorActionResult.Refused("The four-eyes rule applies: a manifest must be approved by someone other than its uploader.");
            case ApprovalOutcome.AlreadyApprovedByUser:
                return OperatorActionResult.Refused(
                    $"You have already approved this manifest ({vote.Approvals} of {vote.ApprovalsRequired}); the four-eyes rule needs the next approval from a different operator.");
            case ApprovalOutcome.Recorded:
                logger.LogInformation("Manifest {ManifestId}: approval {Approvals} of {ApprovalsRequired} by {User}",
                    manifestId, vote.Approvals, vote.ApprovalsRequired, user);
                return OperatorActionResult.Done($"Approval recorded ({vote.Approvals} of {vote.ApprovalsRequired}); a second operator must approve.");
            case ApprovalOutcome.Approved:
                dispatch.Enqueue(manifestId);
                logger.LogInformation("Manifest {ManifestId} approved by {User}", manifestId, user);
                return OperatorActionResult.Starting(vote.ApprovalsRequired == 1
                    ? "Approved; sending has started."
                    : $"Approved ({vote.Approvals} of {vote.ApprovalsRequired}); sending has started.");
            default:
                return OperatorActionResult.Refused("This manifest is not awaiting approval.");
        }
    }

    public async Task<OperatorActionResult> RetryFailedAsync(Guid manifestId, string user, CancellationToken cancellationToken)
    {
        if (await manifests.FindAsync(manifestId, cancellationToken) is not { } manifest)
        {
            return OperatorActionResult.NotFound;
        }

        if (manifest.AwaitingApproval)
        {
            return OperatorActionResult.Refused("This manifest is awaiting approval; nothing has been sent yet.");
        }

        var rows = await store.RetryAsync(manifestId, user, cancellationToken);
        if (rows > 0)
        {
            dispatch.Enqueue(manifestId);
        }

        // Rows whose return a later upload took over are not retried (the return invariant): say where they went.
        var superseded = await store.CountSupersededAsync(manifestId, cancellationToken);
        logger.LogInformation("Manifest {ManifestId}: {User} retried {Rows} rows", manifestId, user, rows);
        var done = rows == 0 ? "No row can be retried (succeeded rows are never sent again)." : $"{rows} row(s) will be sent again with their stored keys.";
        var message = superseded == 0 ? done
            : $"{done} {superseded} row(s) are not retried: a later upload took their return over (the report names the line that holds each).";
        return rows > 0 ? OperatorActionResult.Starting(message) : OperatorActionResult.Done(message);
    }

    public async Task<OperatorActionResult> CancelRemainingAsync(Guid manifestId, string user, CancellationToken cancellationToken)
    {
        if (await manifests.FindAsync(manifestId, cancellationToken) is null)
        {
            return OperatorActionResult.NotFound;
        }

        var cancelled = await store.CancelRemainingAsync(manifestId, user, timeProvider.GetUtcNow(), calendar.Today(), cancellationToken);
        // Manifests that took returns over wait for approval again (their earlier approvals were for other rows).
        foreach (var heldManifest in cancelled.HandedTo)
        {
            await notifier.RaiseAsync(HandedBackNotice.For(heldManifest, manifestId, user), cancellationToken);
        }

        // Rows being sent right now finish; when nothing is open the report shows the skipped rows.
        await completion.CompleteIfDoneAsync(manifestId, cancellationToken);

        logger.LogInformation("Manifest {ManifestId}: {User} cancelled {Rows} rows not yet sent; {HandedTo} other manifests took returns over",
            manifestId, user, cancelled.Skipped, cancelled.HandedTo.Count);
        var message = $"{cancelled.Skipped} row(s) not yet sent are skipped.";
        return OperatorActionResult.Done(cancelled.HandedTo.Count == 0 ? message
            : $"{message} Rows of {cancelled.HandedTo.Count} other manifest(s) that repeated them now hold those returns and wait for approval: {string.Join(", ", cancelled.HandedTo)}.");
    }
}
