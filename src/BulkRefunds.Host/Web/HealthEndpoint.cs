using BulkRefunds.Dispatch;
using Npgsql;

namespace BulkRefunds.Host.Web;

/// <summary>
/// <c>/health</c> for load balancers, anonymous: 200 when PostgreSQL answers and at least one Hangfire server has a recent
/// heartbeat (this one or another on the same database), else 503. Rows waiting for a worker configured for their account
/// are listed but keep it 200: this server is fine, and taking it out of a load balancer would not send them.
/// </summary>
public static class HealthEndpoint
{
    private static readonly TimeSpan DatabaseTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health", CheckAsync).AllowAnonymous().WithTags("health")
            .Produces<HealthReport>().Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return endpoints;
    }

    private static async Task<IResult> CheckAsync(HealthStore database, LiveServers liveServers, BacklogStore backlog,
        ILogger<HealthReport> logger, CancellationToken cancellationToken)
    {
        var databaseUp = await DatabaseAnswersAsync(database, logger, cancellationToken);
        var servers = databaseUp ? liveServers.Count() : 0;
        var healthy = databaseUp && servers > 0;
        var waiting = databaseUp ? await WaitingAsync(backlog, logger, cancellationToken) : null;
        var report = new HealthReport(healthy ? "healthy" : "unhealthy", databaseUp ? "ok" : "unreachable", servers, waiting);
        return Results.Json(report, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<bool> DatabaseAnswersAsync(HealthStore database, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DatabaseTimeout);
        try
        {
            return await database.AnswersAsync(timeout.Token);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.LogWarning(exception, "Health check: the database did not answer");
            return false;
        }
    }

    private static async Task<IReadOnlyList<WaitingAccount>?> WaitingAsync(BacklogStore backlog, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            return await backlog.WaitingAsync(cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            logger.LogWarning(exception, "Health check: could not read which manifests wait for a worker");
            return null;
        }
    }
}
