namespace BulkRefunds.Manifests;

/// <summary>Limits that reject a file, or a row, before anything of it is staged (section <c>Manifests</c>).</summary>
public sealed class ManifestLimits
{
    private const int MinRecordBytes = 4096;

    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    public int MaxRows { get; set; } = 1_000_000;

    /// <summary>The most characters a text column holds; a longer value is a problem of its row.</summary>
    public int MaxFieldLength { get; set; } = 255;

    /// <summary>
    /// The most bytes one row (one CSV record) may take. The reader holds a whole record in memory, so a longer one (a field
    /// pasted a million times, or a quote never closed that swallows the rest of the file) rejects the file instead.
    /// </summary>
    public int MaxRecordBytes { get; set; } = 1024 * 1024;

    /// <summary>What is wrong with these limits, one sentence each naming the setting; empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (MaxFileBytes <= 0)
        {
            problems.Add("Manifests:MaxFileBytes must be above zero.");
        }

        if (MaxRows <= 0)
        {
            problems.Add("Manifests:MaxRows must be above zero.");
        }

        if (MaxFieldLength <= 0)
        {
            problems.Add("Manifests:MaxFieldLength must be above zero.");
        }

        // A record must hold a whole valid row: every column full, in the widest UTF-8 (4 bytes a character).
        if (MaxRecordBytes < MinRecordBytes || MaxRecordBytes < (long)MaxFieldLength * 4 * ManifestColumns.All.Count)
        {
            problems.Add($"Manifests:MaxRecordBytes must be at least {MinRecordBytes} and at least 4 × Manifests:MaxFieldLength × {ManifestColumns.All.Count} columns.");
        }

        return problems;
    }
}
