namespace BulkRefunds.Reports;

/// <summary>
/// A further report a room writes when a manifest completes, after the manifest's own report; returns the paths it
/// wrote. Rooms that sit after Reports register theirs (Releases: the reports of release runs now final), so
/// <see cref="ManifestCompletion"/> runs them, in registration order, without naming those rooms.
/// </summary>
public delegate Task<IReadOnlyList<string>> CompletionReport(Guid manifestId, CancellationToken cancellationToken);
