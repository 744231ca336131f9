using BulkRefunds.Host.Telemetry;
using BulkRefunds.Host.Web.Security;

namespace BulkRefunds.Host.Web;

/// <summary>
/// <c>GET /metrics</c>: the Prometheus scrape, for viewers. Prometheus signs in like any script, as a user with the viewer
/// role over HTTP Basic (<c>basic_auth</c> in its scrape config); the counts name accounts and job types, nothing secret.
/// </summary>
public static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (PrometheusScrape scrape) => Results.Text(scrape.Render(), PrometheusScrape.ContentType))
            .RequireAuthorization(Policies.Viewer).WithTags("metrics").Produces<string>(StatusCodes.Status200OK, "text/plain");
        return endpoints;
    }
}
