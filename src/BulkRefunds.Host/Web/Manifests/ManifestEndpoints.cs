using BulkRefunds.Host.Web.Dashboard;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>The manifests API and the upload page; reading needs a viewer, changing needs an operator (and, from a browser, the antiforgery token).</summary>
public static class ManifestEndpoints
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";

    public static IEndpointRouteBuilder MapManifests(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/manifests");
        api.MapGet("", StatusEndpoints.ListAsync).RequireAuthorization(Viewer);
        api.MapGet("/{id:guid}", StatusEndpoints.FindAsync).RequireAuthorization(Viewer);
        api.MapGet("/{id:guid}/report", ReportEndpoints.ReportAsync).RequireAuthorization(Viewer);
        api.MapGet("/{id:guid}/summary", ReportEndpoints.SummaryAsync).RequireAuthorization(Viewer);

        var changes = api.MapGroup("").RequireAuthorization(Operator).AddEndpointFilter<CsrfProtection>();
        changes.MapPost("", UploadEndpoint.HandleAsync);
        changes.MapPost("/{id:guid}/approve", ActionEndpoints.ApproveAsync);
        changes.MapPost("/{id:guid}/retry", ActionEndpoints.RetryAsync);
        changes.MapPost("/{id:guid}/cancel", ActionEndpoints.CancelAsync);

        app.MapGet("/upload", UploadPage.Render).RequireAuthorization(Operator);
        ManifestsPage.Register();
        return app;
    }
}
