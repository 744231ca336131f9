using Npgsql;

namespace BulkRefunds.Database;

/// <summary>What <see cref="SchemaMigrator"/> runs itself, around DbUp: the lock that lets one host migrate at a time.</summary>
internal static class MigrationStore
{
    // Several hosts may start at once against one database; only one may migrate at a time.
    private const long MigrationLockId = 0x42524D4947;

    private const string LockSql = "SELECT pg_advisory_lock(@id); CREATE SCHEMA IF NOT EXISTS bulkrefunds;";

    private const string UnlockSql = "SELECT pg_advisory_unlock(@id)";

    /// <summary>Waits for the migration lock (session-scoped: held until <see cref="UnlockAsync"/> or the connection closes) and makes sure the schema exists.</summary>
    public static async Task LockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(LockSql, connection);
        command.Parameters.AddWithValue("id", MigrationLockId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task UnlockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(UnlockSql, connection);
        command.Parameters.AddWithValue("id", MigrationLockId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
