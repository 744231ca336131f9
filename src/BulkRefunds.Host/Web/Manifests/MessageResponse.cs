namespace BulkRefunds.Host.Web.Manifests;

/// <summary>The answer to an operator action that was carried out.</summary>
public sealed record MessageResponse(string Message);
