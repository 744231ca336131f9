namespace BulkRefunds.Host.Web.Manifests;

/// <summary>Whether a manifest waits for approval, and who approved it when.</summary>
public sealed record ApprovalStatus(bool Required, string? ApprovedBy, DateTime? ApprovedAt);
