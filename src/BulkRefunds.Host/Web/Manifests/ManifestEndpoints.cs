using BulkRefunds.Host.Web.Dashboard;
using BulkRefunds.Host.Web.Security;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>The manifests API and the upload page; reading needs a viewer, changing needs an operator (and, from a browser, the antiforgery token).</summary>
public static class ManifestEndpoints
{
    public static IEndpointRouteBuilder MapManifests(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/manifests");
        api.MapGet("", StatusEndpoints.ListAsync).RequireAuthorization(Policies.Viewer);
        api.MapGet("/{id:guid}", StatusEndpoints.FindAsync).RequireAuthorization(Policies.Viewer);
        api.MapGet("/{id:guid}/report", ReportEndpoints.ReportAsync).RequireAuthorization(Policies.Viewer);
        api.MapGet("/{id:guid}/summary", ReportEndpoints.SummaryAsync).RequireAuthorization(Policies.Viewer);

        var changes = api.MapGroup("").RequireAuthorization(Policies.Operator).AddEndpointFilter<CsrfProtection>();
        changes.MapPost("", UploadEndpoint.HandleAsync);
        changes.MapPost("/{id:guid}/approve", ActionEndpoints.ApproveAsync);
        changes.MapPost("/{id:guid}/retry", ActionEndpoints.RetryAsync);
        changes.MapPost("/{id:guid}/cancel", ActionEndpoints.CancelAsync);

        app.MapGet("/upload", UploadPage.Render).RequireAuthorization(Policies.Operator);
        ManifestsPage.Register();
        return app;
    }
}
