using BulkRefunds.Host.Web;
using BulkRefunds.Host.Web.Audit;
using BulkRefunds.Host.Web.Manifests;
using BulkRefunds.Host.Web.Rows;
using BulkRefunds.Host.Web.Security;
using Hangfire;

namespace BulkRefunds.Host;

/// <summary>
/// HTTP surface of <c>bulkrefunds serve</c>. Every endpoint needs a viewer unless it says otherwise (Web/Security). Every
/// error answer is a problem (<see cref="ApiProblem"/>): our own, an unhandled exception's, and an empty 4xx of a sign-in
/// scheme or of routing, filled in by the status code pages.
/// </summary>
public static class Endpoints
{
    public const string OpenApiPath = "/openapi/{documentName}.json";

    public static WebApplication Map(WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseProxyPeer();
        if (app.Services.GetRequiredService<TrustedProxies>().IsConfigured)
        {
            // Behind TLS at a proxy: the scheme (so cookies get Secure) and the client address come from its headers.
            app.UseForwardedHeaders();
        }

        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapLogin();
        app.MapHealth();
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new DashboardAuthorizationFilter()],
            IsReadOnlyFunc = DashboardAuthorizationFilter.IsReadOnly,
            DisplayStorageConnectionString = false,
            DashboardTitle = "BulkRefunds",
        }).RequireAuthorization(Policies.Viewer);
        // /api/manifests (status, reports, upload, approve / retry / cancel), /upload, and the dashboard's Manifests page.
        app.MapManifests();
        // The audit trail: /api/manifests/{id}/audit (JSON, .csv) and /api/audit.csv, for viewers.
        app.MapAudit();
        // GET /api/rows: rows across every manifest by order id, reference, refund id or correlation id.
        app.MapRows();
        // Prometheus' scrape (/metrics), for viewers.
        app.MapMetrics();
        // The API's description (/openapi/v1.json), for viewers like the API it describes.
        app.MapOpenApi(OpenApiPath).RequireAuthorization(Policies.Viewer);
        return app;
    }
}
