namespace BulkRefunds.Host.Web.Manifests;

/// <summary><c>POST …/resolution/confirm</c>: an optional comment of the confirming operator.</summary>
public sealed record ConfirmationRequest(string? Comment);
