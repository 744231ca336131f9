namespace BulkRefunds.Reports;

/// <summary>What waits for a person across every manifest: rows in doubt or needing review, manifests awaiting approval.</summary>
public sealed record AttentionCounts(long RowsInDoubt, long RowsNeedingReview, long ManifestsAwaitingApproval);
