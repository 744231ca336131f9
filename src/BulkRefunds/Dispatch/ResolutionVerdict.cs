namespace BulkRefunds.Dispatch;

/// <summary>
/// A resolution statement's answer: the step, the row's line, its state as the database writes it, the resolution it
/// acted on and whether the row is a release (for the message), and the manifests that took the row's return over (a cancelled manifest's row found not applied).
/// </summary>
public sealed record ResolutionVerdict(ResolutionStep Step, int LineNumber = 0, string? State = null, ProposedResolution? Resolution = null,
    bool Release = false)
{
    public IReadOnlyList<Guid> HandedTo { get; init; } = [];
}
