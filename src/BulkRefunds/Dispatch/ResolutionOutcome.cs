namespace BulkRefunds.Dispatch;

/// <summary>What an operator found in Klarna's portal for a row that needs review (<c>row_resolution.outcome</c>).</summary>
public enum ResolutionOutcome
{
    /// <summary>Applied at Klarna: a refund with its refund id, or a release (the remaining authorization is gone). The row becomes succeeded.</summary>
    Refunded,

    /// <summary>Not applied at Klarna: the row becomes failed and retryable, so a retry or a re-upload may send it.</summary>
    NotApplied,
}
