using BulkRefunds.Reports;
using BulkRefunds.Staging;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// <c>GET /api/manifests/{id}/report</c> and <c>/summary</c>: written afresh from the rows' current state on every request
/// (the same state gives the same bytes), then served from the reports folder.
/// </summary>
public static class ReportEndpoints
{
    public static async Task<IResult> ReportAsync(Guid id, ManifestStore manifests, ReportService reports, CancellationToken cancellationToken)
    {
        if (await manifests.FindAsync(id, cancellationToken) is not { } manifest)
        {
            return StatusEndpoints.NotFound();
        }

        var path = await reports.WriteAsync(id, null, cancellationToken);
        return Results.File(path, "text/csv; charset=utf-8", ReportService.DefaultFileName(manifest));
    }

    public static async Task<IResult> SummaryAsync(Guid id, ManifestStore manifests, ReportService reports, CancellationToken cancellationToken)
    {
        if (await manifests.FindAsync(id, cancellationToken) is null)
        {
            return StatusEndpoints.NotFound();
        }

        var path = await reports.WriteAsync(id, null, cancellationToken);
        return Results.File(Path.ChangeExtension(path, ".summary.json"), "application/json; charset=utf-8");
    }
}
