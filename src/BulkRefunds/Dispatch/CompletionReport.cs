namespace BulkRefunds.Dispatch;

/// <summary>
/// A report a room writes when a manifest completes; returns the paths it wrote. The rooms after Dispatch register
/// theirs (Reports: the manifest's report; Releases: the reports of release runs now final), so
/// <see cref="ManifestCompletion"/> runs them, in registration order, without naming those rooms.
/// </summary>
public delegate Task<IReadOnlyList<string>> CompletionReport(Guid manifestId, CancellationToken cancellationToken);
