namespace BulkRefunds.Host.Web.Manifests;

/// <summary>Every refusal of the manifests API: one sentence a finance user can act on, never exception text.</summary>
public sealed record ErrorResponse(string Error);
