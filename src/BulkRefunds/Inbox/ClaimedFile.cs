namespace BulkRefunds.Inbox;

/// <summary>A file one run has claimed: its name as dropped, and where it lies now (inside <c>.processing/</c>).</summary>
public sealed record ClaimedFile(string Name, string Path);
