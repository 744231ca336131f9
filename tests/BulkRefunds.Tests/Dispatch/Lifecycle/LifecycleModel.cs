namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// The model: deliberately simple, no re-implementation of the rules. It remembers the files uploaded, which manifest
/// each became, which returns each manifest asks for, and which manifests an operator cancelled.
/// </summary>
internal sealed class LifecycleModel
{
    private readonly Dictionary<Guid, IReadOnlyList<int>> asks = [];
    private readonly HashSet<Guid> cancelled = [];

    public List<(string Path, IReadOnlyList<int> Returns)> Files { get; } = [];

    /// <summary>The case's manifests in the order they were first imported.</summary>
    public List<Guid> Manifests { get; } = [];

    public bool Owns(Guid manifestId) => asks.ContainsKey(manifestId);

    public void Imported(string path, IReadOnlyList<int> returns, Guid manifestId)
    {
        Files.Add((path, returns));
        if (asks.TryAdd(manifestId, returns))
        {
            Manifests.Add(manifestId);
        }
    }

    public void Cancel(Guid manifestId) => cancelled.Add(manifestId);

    public bool IsCancelled(Guid manifestId) => cancelled.Contains(manifestId);

    /// <summary>Returns some manifest that was not cancelled still asks for: each must end refunded exactly once.</summary>
    public IReadOnlySet<int> AskedFor() => Manifests.Where(id => !cancelled.Contains(id)).SelectMany(id => asks[id]).ToHashSet();

    /// <summary>Returns in any file ever uploaded; a return in none must never be refunded.</summary>
    public IReadOnlySet<int> EverUploaded() => asks.Values.SelectMany(returns => returns).ToHashSet();

    public string Describe(Guid manifestId) => $"m{Manifests.IndexOf(manifestId) + 1}";
}
