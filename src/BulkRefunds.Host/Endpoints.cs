using BulkRefunds.Host.Web.Manifests;
using Hangfire;
using Hangfire.Dashboard;

namespace BulkRefunds.Host;

/// <summary>HTTP surface of <c>bulkrefunds serve</c>.</summary>
public static class Endpoints
{
    public static WebApplication Map(WebApplication app)
    {
        // Until the login of the operator issue exists, the dashboard answers local requests only
        // (Hangfire's LocalRequestsOnlyAuthorizationFilter), and serve binds to loopback.
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
        {
            Authorization = [new LocalRequestsOnlyAuthorizationFilter()],
            DisplayStorageConnectionString = false,
            DashboardTitle = "BulkRefunds",
        });
        app.MapGet("/health", () => Results.Text("ok"));
        // /api/manifests (status, reports, upload, approve / retry / cancel), /upload, and the dashboard's Manifests page.
        app.MapManifests();
        return app;
    }
}
