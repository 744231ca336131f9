namespace BulkRefunds.Reports;

/// <summary>A row of <c>bulkrefunds.manifest_approval</c>: one operator's approval of a manifest (UTC).</summary>
public sealed record ManifestApproval(string ApprovedBy, DateTime ApprovedAt);
