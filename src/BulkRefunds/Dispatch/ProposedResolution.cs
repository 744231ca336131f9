namespace BulkRefunds.Dispatch;

/// <summary>A resolution as an operator gave it: what they found, the refund id (refunds found refunded), their comment, who.</summary>
public sealed record ProposedResolution(ResolutionOutcome Outcome, string? RefundId, string Comment, string ProposedBy)
{
    /// <summary>e.g. <c>refunded (refund id 4f2…)</c>, <c>released</c>, <c>not applied</c>: the words of messages and the audit trail.</summary>
    public string Describe(bool release) => Outcome switch
    {
        ResolutionOutcome.Refunded when release => "released",
        ResolutionOutcome.Refunded => $"refunded (refund id {RefundId})",
        _ => "not applied",
    };
}
