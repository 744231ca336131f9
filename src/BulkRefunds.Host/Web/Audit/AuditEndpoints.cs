using System.Globalization;
using BulkRefunds.Audit;
using BulkRefunds.Host.Web.Manifests;
using BulkRefunds.Host.Web.Security;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Audit;

/// <summary>
/// Reading the audit trail: a manifest's entries as JSON in keyset pages (<c>?after=&lt;auditId&gt;&amp;limit=</c>, oldest
/// first), and CSV exports of a manifest's trail or of every entry recorded between two days. For viewers, like reports.
/// </summary>
public static class AuditEndpoints
{
    public const string Tag = "audit";
    public const int DefaultLimit = 200;
    public const int MaxLimit = 1000;
    public const string DatesRequired = "Give both days as from=YYYY-MM-DD&to=YYYY-MM-DD (UTC, both included), from not after to.";

    private const string CsvType = "text/csv; charset=utf-8";

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags(Tag).RequireAuthorization(Policies.Viewer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/manifests/{id:guid}/audit", ManifestTrailAsync).Produces<List<AuditItem>>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/manifests/{id:guid}/audit.csv", ManifestCsvAsync)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/audit.csv", BetweenCsv)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    public static async Task<IResult> ManifestTrailAsync(Guid id, long? after, int? limit, ManifestStore manifests, AuditStore audit,
        CancellationToken cancellationToken)
    {
        if (await manifests.FindAsync(id, cancellationToken) is null)
        {
            return StatusEndpoints.NotFound();
        }

        var entries = await audit.ByManifestAsync(id, Math.Max(after ?? 0, 0), Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit), cancellationToken);
        return Results.Ok(entries.Select(AuditItem.From).ToList());
    }

    public static async Task<IResult> ManifestCsvAsync(Guid id, ManifestStore manifests, AuditStore audit, IOptions<ReportOptions> reports,
        CancellationToken cancellationToken) =>
        await manifests.FindAsync(id, cancellationToken) is null
            ? StatusEndpoints.NotFound()
            : Results.Stream(output => AuditCsvWriter.WriteAsync(output, (after, limit, token) => audit.ByManifestAsync(id, after, limit, token), reports.Value, cancellationToken),
                CsvType, $"audit_{id:D}.csv");

    public static IResult BetweenCsv(string? from, string? to, AuditStore audit, IOptions<ReportOptions> reports, CancellationToken cancellationToken)
    {
        if (Day(from) is not { } first || Day(to) is not { } last || first > last)
        {
            return ApiProblem.Of(StatusCodes.Status400BadRequest, DatesRequired);
        }

        var start = new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return Results.Stream(output => AuditCsvWriter.WriteAsync(output, (after, limit, token) => audit.BetweenAsync(start, end, after, limit, token), reports.Value, cancellationToken),
            CsvType, $"audit_{first:yyyy-MM-dd}_{last:yyyy-MM-dd}.csv");
    }

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
