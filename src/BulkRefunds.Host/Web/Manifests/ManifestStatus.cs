using BulkRefunds.Reports;
using BulkRefunds.Staging;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary><c>GET /api/manifests/{id}</c> (and each entry of the list): a manifest, its progress and its money. Times are UTC.</summary>
public sealed record ManifestStatus(
    Guid ManifestId,
    string FileName,
    string UploadedBy,
    DateTime UploadedAt,
    string Sha256,
    long SizeBytes,
    string Status,
    DateTime? CompletedAt,
    ApprovalStatus Approval,
    RowProgress Rows,
    IReadOnlyDictionary<string, int> RowsByState,
    IReadOnlyList<CurrencyStatus> Currencies,
    ManifestLinks Links)
{
    public static ManifestStatus From(ManifestOverview overview, PathString pathBase)
    {
        var manifest = overview.Manifest;
        return new ManifestStatus(manifest.ManifestId, manifest.FileName, manifest.UploadedBy, manifest.UploadedAt, manifest.Sha256,
            manifest.SizeBytes, overview.Status, manifest.CompletedAt,
            ApprovalStatus.From(overview),
            new RowProgress(overview.TotalRows, overview.FinalRows), RowStateText.Keyed(overview.RowsByState),
            [.. overview.Currencies.Select(CurrencyStatus.From)], ManifestLinks.For(manifest.ManifestId, pathBase));
    }
}
