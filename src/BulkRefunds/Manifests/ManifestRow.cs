namespace BulkRefunds.Manifests;

/// <summary>
/// One data row of a manifest after validation. A row with <see cref="Problems"/> is staged as invalid and
/// reported, never sent; a valid refund row always has a currency and a positive amount in minor units.
/// </summary>
public sealed record ManifestRow(
    int LineNumber,
    string Account,
    ManifestAction Action,
    string OrderId,
    string? Currency,
    long? AmountMinor,
    string? Reference,
    string? Description,
    IReadOnlyList<string> Problems)
{
    public bool IsValid => Problems.Count == 0;
}
