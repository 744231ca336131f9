using System.Diagnostics;
using Dapper;
using Npgsql;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// Cuts every other connection to a database, again and again, from an admin connection of its own (application name
/// <c>killer</c>, unpooled): the server ends those backends mid-statement and mid-transaction, as a failover or a
/// restarted PgBouncer would.
/// </summary>
internal static class ConnectionKiller
{
    private const string TerminateSql = """
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name <> 'killer'
        """;

    /// <summary>Terminates the database's other backends every <paramref name="interval"/> for <paramref name="duration"/>; returns how many it ended.</summary>
    public static async Task<int> CutForAsync(string connectionString, TimeSpan duration, TimeSpan interval, CancellationToken cancellationToken)
    {
        var admin = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = "killer", Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellationToken);
        var killed = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            killed += (await connection.QueryAsync<bool>(new CommandDefinition(TerminateSql, cancellationToken: cancellationToken))).Count(ended => ended);
            await Task.Delay(interval, cancellationToken);
        }

        return killed;
    }
}
