using BulkRefunds.Host.EmbeddedPostgres;
using Npgsql;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// Counts the statements PostgreSQL executed for one database with pg_stat_statements (loaded through
/// shared_preload_libraries; utility statements such as COPY, BEGIN and COMMIT count too). Counts are read from the
/// maintenance database, so reading them adds nothing to the database being measured.
/// </summary>
public sealed class StatementCounter(string adminConnectionString)
{
    private const string Extension = "pg_stat_statements";

    private const string SnapshotSql = """
        SELECT s.queryid, s.calls, s.query FROM pg_stat_statements s
        WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = @Database)
        """;

    /// <summary>Loads the library at the next server start (ALTER SYSTEM); true when a restart is needed for it.</summary>
    public static async Task<bool> PreloadAsync(LocalPostgresCluster cluster)
    {
        if (await IsLoadedAsync(cluster))
        {
            return false;
        }

        await ExecuteAsync(cluster, $"ALTER SYSTEM SET shared_preload_libraries = '{Extension}'");
        return true;
    }

    /// <summary>Null when the library is not loaded (e.g. a server left running by another process was reused).</summary>
    public static async Task<StatementCounter?> CreateAsync(LocalPostgresCluster cluster)
    {
        if (!await IsLoadedAsync(cluster))
        {
            return null;
        }

        await ExecuteAsync(cluster, $"CREATE EXTENSION IF NOT EXISTS {Extension}");
        return new StatementCounter(cluster.ConnectionString("postgres"));
    }

    public async Task<StatementSnapshot> SnapshotAsync(string database)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(SnapshotSql, connection);
        command.Parameters.AddWithValue("Database", database);
        var statements = new Dictionary<long, (long Calls, string Query)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // queryid is null for statements of other users when not superuser; we are superuser.
            if (!reader.IsDBNull(0))
            {
                statements[reader.GetInt64(0)] = (reader.GetInt64(1), reader.GetString(2));
            }
        }

        return new StatementSnapshot(statements);
    }

    private static async Task<bool> IsLoadedAsync(LocalPostgresCluster cluster)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW shared_preload_libraries", connection);
        return ((string?)await command.ExecuteScalarAsync() ?? "").Contains(Extension, StringComparison.Ordinal);
    }

    private static async Task ExecuteAsync(LocalPostgresCluster cluster, string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>pg_stat_statements of one database at one moment: calls and normalised text per query id.</summary>
public sealed record StatementSnapshot(IReadOnlyDictionary<long, (long Calls, string Query)> Statements)
{
    public static StatementSnapshot Empty { get; } = new(new Dictionary<long, (long, string)>());

    /// <summary>Statements on our tables: their text names the bulkrefunds schema (Hangfire's live in "hangfire").</summary>
    public static bool IsOurs(string query) => query.Contains("bulkrefunds.", StringComparison.OrdinalIgnoreCase);

    public static bool IsHangfire(string query) => query.Contains("hangfire", StringComparison.OrdinalIgnoreCase);

    /// <summary>Calls made between <paramref name="earlier"/> and this snapshot, per query.</summary>
    public IReadOnlyList<(long Calls, string Query)> Since(StatementSnapshot earlier) =>
        [.. Statements
            .Select(pair => (Calls: pair.Value.Calls - (earlier.Statements.TryGetValue(pair.Key, out var before) ? before.Calls : 0), pair.Value.Query))
            .Where(statement => statement.Calls > 0)
            .OrderByDescending(statement => statement.Calls)];
}
