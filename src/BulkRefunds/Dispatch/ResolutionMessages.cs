using System.Globalization;

namespace BulkRefunds.Dispatch;

/// <summary>A resolution statement's verdict in the words an operator reads (the API's message or problem detail, the CLI).</summary>
public static class ResolutionMessages
{
    public static ResolutionResult For(ResolutionVerdict verdict)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"Line {verdict.LineNumber}");
        var what = verdict.Resolution?.Describe(verdict.Release);
        var by = verdict.Resolution?.ProposedBy;
        return verdict.Step switch
        {
            ResolutionStep.NotFound => new(ResolutionAnswer.NotFound, "No such row in this manifest."),
            ResolutionStep.NotInReview => new(ResolutionAnswer.Conflict,
                $"{line} is {verdict.State}, not needs_review: only a row that needs review can be resolved by hand. Nothing was changed."),
            ResolutionStep.AlreadyProposed => new(ResolutionAnswer.Conflict,
                $"{line} already has a resolution by {by} awaiting confirmation ({what}); confirm or reject it first."),
            ResolutionStep.NothingProposed => new(ResolutionAnswer.Conflict, $"{line} has no resolution awaiting confirmation."),
            ResolutionStep.OwnProposal => new(ResolutionAnswer.Conflict,
                $"You proposed this resolution of {line.ToLowerInvariant()}; the four-eyes rule needs a different operator to confirm it."),
            ResolutionStep.RefundIdRequired => new(ResolutionAnswer.Invalid,
                "A refund found refunded needs its refund id (refundId), as Klarna's portal shows it."),
            ResolutionStep.NoRefundIdForRelease => new(ResolutionAnswer.Invalid,
                "A release has no refund id: leave refundId out (\"refunded\" means the portal shows the remaining authorization released)."),
            ResolutionStep.Proposed => new(ResolutionAnswer.PendingConfirmation,
                $"Resolution of {line.ToLowerInvariant()} recorded ({what}); awaiting confirmation by a second operator (four-eyes). The row still needs review."),
            ResolutionStep.Rejected => new(ResolutionAnswer.Cleared,
                $"The resolution {by} proposed for {line.ToLowerInvariant()} ({what}) is rejected and cleared; the row still needs review."),
            _ when verdict.Resolution?.Outcome == ResolutionOutcome.Refunded => new(ResolutionAnswer.Succeeded,
                $"{line} resolved by hand as {what}: it is now succeeded."),
            _ => new(ResolutionAnswer.Failed,
                $"{line} resolved by hand as not applied: it is now failed, safe to retry or re-upload.{HandedTo(verdict)}"),
        };
    }

    private static string HandedTo(ResolutionVerdict verdict) => verdict.HandedTo.Count == 0 ? ""
        : $" Its manifest was cancelled: the row of manifest {string.Join(", ", verdict.HandedTo)} that repeated it now holds the return and waits for approval.";
}
