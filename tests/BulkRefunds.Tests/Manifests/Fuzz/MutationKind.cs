namespace BulkRefunds.Tests.Manifests.Fuzz;

/// <summary>How the fuzz test damages a valid manifest.</summary>
public enum MutationKind
{
    FlipByte,
    Insert,
    Truncate,
    HugeField,
    Reencode,
}
