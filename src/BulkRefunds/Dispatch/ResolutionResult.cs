namespace BulkRefunds.Dispatch;

/// <summary>The answer to a resolution act, in words an operator reads on the page, in the API or on the command line.</summary>
public sealed record ResolutionResult(ResolutionAnswer Answer, string Message)
{
    public bool Succeeded => Answer is ResolutionAnswer.Succeeded or ResolutionAnswer.Failed or ResolutionAnswer.PendingConfirmation or ResolutionAnswer.Cleared;

    /// <summary>The row's state as the API names it: <c>succeeded</c>, <c>failed</c>, <c>pending_confirmation</c> or <c>needs_review</c>.</summary>
    public string State => Answer switch
    {
        ResolutionAnswer.Succeeded => "succeeded",
        ResolutionAnswer.Failed => "failed",
        ResolutionAnswer.PendingConfirmation => "pending_confirmation",
        _ => "needs_review",
    };
}
