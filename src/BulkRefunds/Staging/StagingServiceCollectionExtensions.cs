using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Staging;

/// <summary>The import of a manifest into the database (AddDatabase provides the data source).</summary>
public static class StagingServiceCollectionExtensions
{
    public static IServiceCollection AddStaging(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddSingleton<ManifestStore>()
            .AddSingleton<ManifestImporter>();
}
