using BulkRefunds.Host.Web.Manifests;

namespace BulkRefunds.Host.Web;

/// <summary>The services of the manifests API, the upload page, the dashboard's Manifests page and <c>/health</c>.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddManifestsWeb(this IServiceCollection services)
    {
        // Every error answer as problem details (ApiProblem), and the OpenAPI document at /openapi/v1.json.
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ApiProblem.Complete).AddOpenApi();
        services.AddAntiforgery();
        return services.AddSingleton<UploadReceiver>().AddSingleton<HealthStore>();
    }
}
