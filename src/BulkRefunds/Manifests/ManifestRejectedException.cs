namespace BulkRefunds.Manifests;

/// <summary>
/// The whole file cannot be used (not UTF-8, missing headers, over a limit…). The message is written for a
/// finance user and is safe to show as it is; nothing of the file is staged.
/// </summary>
public sealed class ManifestRejectedException(string message) : Exception(message);
