namespace BulkRefunds.Dispatch;

/// <summary>What Cancel remaining did: rows skipped, and the manifests whose duplicate rows took their returns over.</summary>
public sealed record CancelOutcome(int Skipped, IReadOnlyList<Guid> HandedTo);
