namespace BulkRefunds.Host.Web.Manifests;

/// <summary>Rows in the manifest, and how many of them have their outcome decided.</summary>
public sealed record RowProgress(int Total, int Final);
