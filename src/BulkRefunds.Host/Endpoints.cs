using BulkRefunds.Host.Web;
using BulkRefunds.Host.Web.Manifests;
using BulkRefunds.Host.Web.Security;
using Hangfire;

namespace BulkRefunds.Host;

/// <summary>HTTP surface of <c>bulkrefunds serve</c>. Every endpoint needs a viewer unless it says otherwise (Web/Security).</summary>
public static class Endpoints
{
    public static WebApplication Map(WebApplication app)
    {
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
        return app;
    }
}
