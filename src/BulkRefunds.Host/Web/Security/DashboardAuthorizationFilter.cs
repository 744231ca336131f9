using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// The dashboard's own check, behind the endpoint's viewer policy: should the dashboard ever be mapped without that
/// policy, anonymous requests still get nothing.
/// </summary>
public sealed class DashboardAuthorizationFilter : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        return (await authorization.AuthorizeAsync(http.User, Policies.Viewer)).Succeeded;
    }

    /// <summary>Viewers see everything and change nothing: Hangfire refuses its commands (trigger, delete, requeue) for them.</summary>
    public static bool IsReadOnly(DashboardContext context) => !context.GetHttpContext().User.IsInRole(Roles.Operator);
}
