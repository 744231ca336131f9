namespace BulkRefunds.Staging;

/// <summary>What importing a file did: a new manifest, or the earlier one with the same bytes.</summary>
public sealed record ImportResult(ManifestRecord Manifest, bool AlreadyImported, IReadOnlyDictionary<RowState, int> RowsByState);
