using BulkRefunds.Reports;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// Whether a manifest waits for approval; who approved it and when (<see cref="ApprovedBy"/> and <see cref="ApprovedAt"/>:
/// the approval that completed the count), how many different operators must, and every approval given ("1 of 2 approvals").
/// </summary>
public sealed record ApprovalStatus(
    bool Required, string? ApprovedBy, DateTime? ApprovedAt, int ApprovalsRequired, string? Progress, IReadOnlyList<ManifestApproval> Approvals)
{
    public static ApprovalStatus From(ManifestOverview overview) => new(overview.Manifest.ApprovalRequired, overview.Manifest.ApprovedBy,
        overview.Manifest.ApprovedAt, overview.Manifest.ApprovalsRequired, overview.ApprovalProgress, overview.Approvals);
}
