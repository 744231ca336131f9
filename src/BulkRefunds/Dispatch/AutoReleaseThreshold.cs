namespace BulkRefunds.Dispatch;

/// <summary>
/// This worker's <c>Releases:AutoReleaseAfterDays</c>, for the only case that needs it: an auto-release imported before
/// sql/0013 kept no threshold of its own. The room that owns the setting provides it (<c>AddReleases</c>), so Dispatch
/// need not know Releases.
/// </summary>
public sealed class AutoReleaseThreshold(Func<int> days)
{
    public int Days() => days();
}
