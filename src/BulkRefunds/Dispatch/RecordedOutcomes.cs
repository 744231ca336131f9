namespace BulkRefunds.Dispatch;

/// <summary>What recording a batch's outcomes did: rows this worker still held, and manifests that took a handed-back return.</summary>
public sealed record RecordedOutcomes(int Recorded, IReadOnlyList<Guid> HandedTo);
