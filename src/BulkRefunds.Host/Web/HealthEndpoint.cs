using Hangfire;
using Npgsql;

namespace BulkRefunds.Host.Web;

/// <summary>
/// <c>/health</c> for load balancers, anonymous: 200 when PostgreSQL answers and at least one Hangfire server has a recent
/// heartbeat (this one or another on the same database), else 503.
/// </summary>
public static class HealthEndpoint
{
    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", CheckAsync).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> CheckAsync(NpgsqlDataSource database, JobStorage storage, TimeProvider timeProvider,
        ILogger<HealthReport> logger, CancellationToken cancellationToken)
    {
        var databaseUp = await DatabaseAnswersAsync(database, logger, cancellationToken);
        var servers = databaseUp ? LiveServers(storage, timeProvider, logger) : 0;
        var healthy = databaseUp && servers > 0;
        var report = new HealthReport(healthy ? "healthy" : "unhealthy", databaseUp ? "ok" : "unreachable", servers);
        return Results.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<bool> DatabaseAnswersAsync(NpgsqlDataSource database, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DatabaseTimeout);
        try
        {
            await using var command = database.CreateCommand("SELECT 1");
            return await command.ExecuteScalarAsync(timeout.Token) is 1;
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(exception, "Health check: the database did not answer");
            return false;
        }
    }

    private static int LiveServers(JobStorage storage, TimeProvider timeProvider, ILogger logger)
    {
        try
        {
            var now = timeProvider.GetUtcNow().UtcDateTime;
            return storage.GetMonitoringApi().Servers().Count(server => server.Heartbeat is { } beat && now - beat < ServerCoordination.Alive);
        }
        catch (NpgsqlException exception)
        {
            logger.LogWarning(exception, "Health check: could not read Hangfire's server list");
            return 0;
        }
    }
}
