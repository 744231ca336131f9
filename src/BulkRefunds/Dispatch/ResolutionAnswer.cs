namespace BulkRefunds.Dispatch;

/// <summary>How the web and the command line answer a resolution act (200 with a state, 400, 404 or 409).</summary>
public enum ResolutionAnswer
{
    /// <summary>The row is now succeeded (resolved by hand as refunded / released).</summary>
    Succeeded,

    /// <summary>The row is now failed and retryable (resolved by hand as not applied).</summary>
    Failed,

    /// <summary>Recorded; a second operator must confirm before the row changes (four-eyes).</summary>
    PendingConfirmation,

    /// <summary>The pending resolution was rejected and cleared; the row still needs review.</summary>
    Cleared,

    NotFound,

    /// <summary>The request itself is wrong (no comment, no refund id): 400.</summary>
    Invalid,

    /// <summary>The row's state refuses it (no longer in review, a proposal already waits, the proposer confirming): 409.</summary>
    Conflict,
}
