using BulkRefunds.Host.Web.Manifests;

namespace BulkRefunds.Host.Web;

/// <summary>
/// The services of the manifests API, the upload page and the dashboard's Manifests page: problem details for every
/// error answer (<see cref="ApiProblem"/>) and the OpenAPI document (<c>/openapi/v1.json</c>).
/// </summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddManifestsWeb(this IServiceCollection services)
    {
        services.AddAntiforgery();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ApiProblem.Complete);
        services.AddOpenApi();
        return services.AddSingleton<UploadReceiver>();
    }
}
