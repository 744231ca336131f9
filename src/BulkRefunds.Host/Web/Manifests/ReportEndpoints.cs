using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Hangfire;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// <c>GET /api/manifests/{id}/report</c> and <c>/summary</c>: the files last written (on completion, by a retry's
/// completion, by <c>bulkrefunds report [--verify]</c>), served as they are. Reading never writes: a GET leaves the file's
/// bytes and time alone, so a summary with <c>--verify</c> results keeps them. A file never written is enqueued to be
/// written (<see cref="WriteReportJob"/>) and answered 404 with a problem that says so and <c>Retry-After</c>.
/// </summary>
public static class ReportEndpoints
{
    public const int RetryAfterSeconds = 5;

    public const string BeingWritten = "This manifest's report has not been written yet; it is being written now. Try again in a few seconds.";

    public static async Task<IResult> ReportAsync(Guid id, HttpContext context, ManifestStore manifests, ReportService reports, IBackgroundJobClient jobs,
        CancellationToken cancellationToken)
    {
        if (await manifests.FindAsync(id, cancellationToken) is not { } manifest)
        {
            return StatusEndpoints.NotFound();
        }

        var path = reports.DefaultPath(manifest);
        return File.Exists(path)
            ? Results.File(path, "text/csv; charset=utf-8", ReportService.DefaultFileName(manifest))
            : NotWrittenYet(id, context, jobs);
    }

    public static async Task<IResult> SummaryAsync(Guid id, HttpContext context, ManifestStore manifests, ReportService reports, IBackgroundJobClient jobs,
        CancellationToken cancellationToken)
    {
        if (await manifests.FindAsync(id, cancellationToken) is not { } manifest)
        {
            return StatusEndpoints.NotFound();
        }

        var path = Path.ChangeExtension(reports.DefaultPath(manifest), ".summary.json");
        return File.Exists(path) ? Results.File(path, "application/json; charset=utf-8") : NotWrittenYet(id, context, jobs);
    }

    private static IResult NotWrittenYet(Guid id, HttpContext context, IBackgroundJobClient jobs)
    {
        // Two readers may both enqueue a write: harmless, the same rows give the same bytes, written atomically.
        WriteReportJob.Enqueue(jobs, id);
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiProblem.Of(StatusCodes.Status404NotFound, BeingWritten);
    }
}
