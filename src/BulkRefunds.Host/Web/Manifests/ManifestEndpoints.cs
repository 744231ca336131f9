using BulkRefunds.Host.Web.Dashboard;
using BulkRefunds.Host.Web.Security;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// The manifests API and the upload page; reading needs a viewer, changing needs an operator (and, from a browser, the
/// antiforgery token). What each answers is declared here for the OpenAPI document; every error is a problem.
/// </summary>
public static class ManifestEndpoints
{
    public const string Tag = "manifests";

    public static IEndpointRouteBuilder MapManifests(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/manifests").WithTags(Tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("", StatusEndpoints.ListAsync).RequireAuthorization(Policies.Viewer)
            .Produces<List<ManifestStatus>>();
        api.MapGet("/{id:guid}", StatusEndpoints.FindAsync).RequireAuthorization(Policies.Viewer)
            .Produces<ManifestStatus>().ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/report", ReportEndpoints.ReportAsync).RequireAuthorization(Policies.Viewer)
            .Produces(StatusCodes.Status200OK, contentType: "text/csv").ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/{id:guid}/summary", ReportEndpoints.SummaryAsync).RequireAuthorization(Policies.Viewer)
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound);

        var changes = api.MapGroup("").RequireAuthorization(Policies.Operator).AddEndpointFilter<CsrfProtection>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        changes.MapPost("", UploadEndpoint.HandleAsync).RequireRateLimiting(RateLimits.Upload)
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<UploadResponse>(StatusCodes.Status201Created).Produces<UploadResponse>()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        Action(changes.MapPost("/{id:guid}/approve", ActionEndpoints.ApproveAsync)).Produces<MessageResponse>(StatusCodes.Status202Accepted);
        Action(changes.MapPost("/{id:guid}/retry", ActionEndpoints.RetryAsync)).Produces<MessageResponse>(StatusCodes.Status202Accepted);
        Action(changes.MapPost("/{id:guid}/cancel", ActionEndpoints.CancelAsync));
        changes.MapResolutions();

        // A page for browsers, not part of the API's description.
        app.MapGet("/upload", UploadPage.Render).RequireAuthorization(Policies.Operator).ExcludeFromDescription();
        ManifestsPage.Register();
        return app;
    }

    private static RouteHandlerBuilder Action(RouteHandlerBuilder action) => action.Produces<MessageResponse>()
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
