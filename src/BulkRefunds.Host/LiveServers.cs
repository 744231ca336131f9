using Hangfire;

namespace BulkRefunds.Host;

/// <summary>
/// How many Hangfire servers on this database are alive (a heartbeat in the last minute), read from Hangfire's own
/// server list, for <c>/health</c>.
/// </summary>
public sealed class LiveServers(JobStorage storage, TimeProvider timeProvider, ILogger<LiveServers> logger)
{
    /// <summary>A server whose last heartbeat is older than this counts as gone.</summary>
    private static readonly TimeSpan Alive = TimeSpan.FromSeconds(60);

    /// <summary>The count; 0 when the list cannot be read (a database hiccup must not stop the host or the health check).</summary>
    public int Count()
    {
        try
        {
            var now = timeProvider.GetUtcNow().UtcDateTime;
            return storage.GetMonitoringApi().Servers().Count(server => server.Heartbeat is { } beat && now - beat < Alive);
        }
        catch (Npgsql.NpgsqlException exception)
        {
            logger.LogWarning(exception, "Could not read Hangfire's server list");
            return 0;
        }
    }
}
