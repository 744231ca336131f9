namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// <c>POST …/rows/{rowId}/resolution</c>: what the operator found in Klarna's portal — <c>refunded</c> (a refund's
/// <c>refundId</c> required; a release: released, no refund id) or <c>not_applied</c> — and a comment (required).
/// </summary>
public sealed record ResolutionRequest(string? Outcome, string? RefundId, string? Comment);
