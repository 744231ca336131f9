using BulkRefunds.Klarna;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Manifests;

/// <summary>Section <c>Manifests</c> (the limits of one file) and the reader that parses and validates a manifest.</summary>
public static class ManifestsServiceCollectionExtensions
{
    public static IServiceCollection AddManifests(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ManifestLimits>, ManifestLimitsValidator>();
        services.AddOptions<ManifestLimits>().Bind(configuration.GetSection("Manifests")).ValidateOnStart();
        // The reader is a plain parser (the validate verb and the tests build it without a container), so it takes the values.
        return services.AddSingleton(provider => new ManifestReader(
            provider.GetRequiredService<IOptions<ManifestLimits>>().Value, provider.GetRequiredService<KlarnaAccounts>().Names));
    }
}
