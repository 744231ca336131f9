namespace BulkRefunds.Manifests;

/// <summary>Limits that reject a file before anything of it is staged (section <c>Manifests</c>).</summary>
public sealed class ManifestLimits
{
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    public int MaxRows { get; set; } = 1_000_000;

    public int MaxFieldLength { get; set; } = 255;
}
