using BulkRefunds.Notifications;
using BulkRefunds.Staging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Dispatch;

/// <summary>
/// The operator's answer for a needs_review row, from what they found in Klarna's portal: refunded (with the refund id)
/// → succeeded; not applied → failed and retryable. With <c>Approval:FourEyes</c> the answer waits until a different
/// operator confirms it. A resolution that changed a row finishes the manifest through <see cref="ManifestCompletion"/>
/// (the report is rewritten with the resolution in its note; <c>manifest.completed</c> is raised once per completion).
/// </summary>
public sealed class RowResolutions(
    RowResolutionStore store, ManifestCompletion completion, Notifier notifier, IOptions<ApprovalOptions> approval, ImportCalendar calendar,
    TimeProvider timeProvider, ILogger<RowResolutions> logger)
{
    public async Task<ResolutionResult> ResolveAsync(Guid manifestId, long rowId, string user, ResolutionOutcome outcome, string? refundId, string? comment,
        CancellationToken cancellationToken)
    {
        var (text, commentProblem) = ResolutionInput.Comment(comment, required: true);
        var (id, refundIdProblem) = ResolutionInput.RefundId(refundId);
        if ((commentProblem ?? refundIdProblem) is { } problem)
        {
            return new ResolutionResult(ResolutionAnswer.Invalid, problem);
        }

        if (outcome == ResolutionOutcome.NotApplied && id is not null)
        {
            return new ResolutionResult(ResolutionAnswer.Invalid, "A row found not applied has no refund id: leave refundId out.");
        }

        var resolution = new ProposedResolution(outcome, id, text!, user);
        var verdict = await store.ResolveAsync(manifestId, rowId, resolution, approval.Value.FourEyes, timeProvider.GetUtcNow(), calendar.Today(),
            cancellationToken);
        return await AnswerAsync(manifestId, user, verdict, cancellationToken);
    }

    public async Task<ResolutionResult> ConfirmAsync(Guid manifestId, long rowId, string user, string? comment, CancellationToken cancellationToken)
    {
        var (text, problem) = ResolutionInput.Comment(comment, required: false);
        if (problem is not null)
        {
            return new ResolutionResult(ResolutionAnswer.Invalid, problem);
        }

        var verdict = await store.ConfirmAsync(manifestId, rowId, user, text, timeProvider.GetUtcNow(), calendar.Today(), cancellationToken);
        return await AnswerAsync(manifestId, user, verdict, cancellationToken);
    }

    public async Task<ResolutionResult> RejectAsync(Guid manifestId, long rowId, string user, CancellationToken cancellationToken) =>
        await AnswerAsync(manifestId, user, await store.RejectAsync(manifestId, rowId, user, cancellationToken), cancellationToken);

    /// <summary>The manifest's resolutions awaiting a second operator's confirmation (four-eyes), in line order.</summary>
    public Task<IReadOnlyList<PendingResolution>> PendingAsync(Guid manifestId, CancellationToken cancellationToken) =>
        store.PendingAsync(manifestId, cancellationToken);

    /// <summary>The row on <paramref name="lineNumber"/> of the manifest (the command line names rows by line), or null.</summary>
    public Task<long?> FindRowIdAsync(Guid manifestId, int lineNumber, CancellationToken cancellationToken) =>
        store.FindRowIdAsync(manifestId, lineNumber, cancellationToken);

    private async Task<ResolutionResult> AnswerAsync(Guid manifestId, string user, ResolutionVerdict verdict, CancellationToken cancellationToken)
    {
        if (verdict.Step == ResolutionStep.Applied)
        {
            foreach (var held in verdict.HandedTo)
            {
                await notifier.RaiseAsync(HandedBackNotice.For(held, manifestId, null), cancellationToken);
            }

            // Needs-review rows are not open, so the manifest may be complete already: its report is rewritten either way.
            await completion.CompleteIfDoneAsync(manifestId, cancellationToken);
            logger.LogInformation("Manifest {ManifestId}: line {LineNumber} resolved by hand as {State} by {User}",
                manifestId, verdict.LineNumber, verdict.State, user);
        }

        return ResolutionMessages.For(verdict);
    }
}
