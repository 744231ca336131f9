using BulkRefunds.Reports;
using BulkRefunds.Staging;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>The answer to <c>POST /api/manifests</c>: the manifest the file became and what is wrong in it.</summary>
public sealed record UploadResponse(
    Guid ManifestId,
    string FileName,
    string Status,
    bool AlreadyImported,
    int Rows,
    IReadOnlyDictionary<string, int> RowsByState,
    UploadValidation Validation)
{
    public static UploadResponse From(ImportResult result, ManifestProblems problems) => new(
        result.Manifest.ManifestId,
        result.Manifest.FileName,
        new ManifestOverview(result.Manifest, result.RowsByState, [], []).Status,
        result.AlreadyImported,
        result.Manifest.RowCount,
        RowStateText.Keyed(result.RowsByState),
        new UploadValidation(problems.InvalidRows, [.. problems.FirstRows.Select(row => new UploadProblem(row.LineNumber, row.Problems))]));
}
