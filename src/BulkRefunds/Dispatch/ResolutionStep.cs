namespace BulkRefunds.Dispatch;

/// <summary>What one resolution statement did (or why it changed nothing) — <see cref="RowResolutionStore"/>'s answer.</summary>
public enum ResolutionStep
{
    /// <summary>No such row in that manifest.</summary>
    NotFound,

    /// <summary>The row is not (or no longer) needs_review. Nothing recorded.</summary>
    NotInReview,

    /// <summary>A proposal already awaits confirmation on this row. Nothing recorded.</summary>
    AlreadyProposed,

    /// <summary>Confirm or reject, but nothing awaits confirmation. Nothing recorded.</summary>
    NothingProposed,

    /// <summary>The four-eyes rule: the proposer cannot confirm their own resolution. Nothing recorded.</summary>
    OwnProposal,

    /// <summary>A refund found refunded needs its refund id. Nothing recorded.</summary>
    RefundIdRequired,

    /// <summary>A release has no refund id. Nothing recorded.</summary>
    NoRefundIdForRelease,

    /// <summary>Recorded as a proposal; the row still needs review until a second operator confirms.</summary>
    Proposed,

    /// <summary>Applied: the row is succeeded or failed (retryable).</summary>
    Applied,

    /// <summary>The proposal was rejected and deleted; the row still needs review.</summary>
    Rejected,
}
