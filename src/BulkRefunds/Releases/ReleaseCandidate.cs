namespace BulkRefunds.Releases;

/// <summary>An order the sweep looked at, and what it would do: release it, or leave it with a reason.</summary>
public sealed record ReleaseCandidate(string Source, string Account, string OrderId, bool Release, string Reason);
