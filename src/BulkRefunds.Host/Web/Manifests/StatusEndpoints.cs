using BulkRefunds.Reports;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary><c>GET /api/manifests</c> and <c>GET /api/manifests/{id}</c>.</summary>
public static class StatusEndpoints
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 500;

    public static async Task<IResult> ListAsync(HttpRequest request, ManifestOverviewStore overviews, int? limit, CancellationToken cancellationToken)
    {
        var manifests = await overviews.ListAsync(Math.Clamp(limit ?? DefaultLimit, 1, MaxLimit), cancellationToken);
        return Results.Ok(manifests.Select(overview => ManifestStatus.From(overview, request.PathBase)).ToList());
    }

    public static async Task<IResult> FindAsync(Guid id, HttpRequest request, ManifestOverviewStore overviews, CancellationToken cancellationToken) =>
        await overviews.FindAsync(id, cancellationToken) is { } overview
            ? Results.Ok(ManifestStatus.From(overview, request.PathBase))
            : NotFound();

    public static IResult NotFound() => ApiProblem.Of(StatusCodes.Status404NotFound, "No manifest has this id.");
}
