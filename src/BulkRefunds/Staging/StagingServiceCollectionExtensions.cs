using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BulkRefunds.Staging;

/// <summary>The database (connection string <c>BulkRefunds</c>) and the import of a manifest into it.</summary>
public static class StagingServiceCollectionExtensions
{
    public static IServiceCollection AddStaging(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("BulkRefunds")
            ?? throw new InvalidOperationException("ConnectionStrings:BulkRefunds is not set.");
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        return services
            .AddSingleton(_ => NpgsqlDataSource.Create(connectionString))
            .AddSingleton<ManifestStore>()
            .AddSingleton<ManifestImporter>();
    }
}
