namespace BulkRefunds.Dispatch;

/// <summary>A resolution awaiting a second operator's confirmation, for the manifest page ("awaiting confirmation").</summary>
public sealed record PendingResolution(long RowId, int LineNumber, ProposedResolution Resolution, DateTimeOffset ProposedAt);
