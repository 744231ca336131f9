using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BulkRefunds.Database;

/// <summary>
/// Connection string <c>BulkRefunds</c>: the one data source every room's store uses. The schema is applied by
/// <see cref="SchemaMigrator"/> before anything starts.
/// </summary>
public static class DatabaseServiceCollectionExtensions
{
    public static IServiceCollection AddDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("BulkRefunds")
            ?? throw new InvalidOperationException("ConnectionStrings:BulkRefunds is not set.");
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        return services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
    }
}
