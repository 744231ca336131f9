namespace BulkRefunds.Dispatch;

/// <summary>The outcome of an approval, with the approvals the manifest holds afterwards and how many it needs.</summary>
public sealed record ApprovalVote(ApprovalOutcome Outcome, int Approvals, int ApprovalsRequired);
