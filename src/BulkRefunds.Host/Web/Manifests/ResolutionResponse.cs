namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// The row after a resolution act: <c>succeeded</c>, <c>failed</c> (retryable), <c>pending_confirmation</c> (four-eyes:
/// a second operator must confirm) or <c>needs_review</c> (a rejected proposal was cleared).
/// </summary>
public sealed record ResolutionResponse(string State, string Message);
