using BulkRefunds.Host.Web.Manifests;

namespace BulkRefunds.Host.Web;

/// <summary>The services of the manifests API, the upload page and the dashboard's Manifests page.</summary>
public static class WebServiceCollectionExtensions
{
    public static IServiceCollection AddManifestsWeb(this IServiceCollection services)
    {
        services.AddAntiforgery();
        return services.AddSingleton<UploadReceiver>();
    }
}
