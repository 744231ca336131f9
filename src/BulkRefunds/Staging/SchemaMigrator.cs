using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BulkRefunds.Staging;

/// <summary>
/// Applies the numbered files of sql/ (embedded in this assembly) in order and records each in
/// bulkrefunds.schema_versions, so any database is upgraded safely at start-up.
/// </summary>
public static class SchemaMigrator
{
    // Several hosts may start at once against one database; only one may migrate at a time.
    private const long MigrationLockId = 0x42524D4947;

    public static async Task MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_lock(@id); CREATE SCHEMA IF NOT EXISTS bulkrefunds;", connection))
        {
            command.Parameters.AddWithValue("id", MigrationLockId);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            var result = DeployChanges.To
                .PostgresqlDatabase(connectionString, "bulkrefunds")
                .WithScriptsEmbeddedInAssembly(typeof(SchemaMigrator).Assembly, name => name.StartsWith("sql.", StringComparison.Ordinal))
                .JournalToPostgresqlTable("bulkrefunds", "schema_versions")
                .WithTransactionPerScript()
                .LogTo(new DbUpLog(logger))
                .Build()
                .PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException($"Database migration failed in script {result.ErrorScript?.Name}.", result.Error);
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@id)", connection);
            unlock.Parameters.AddWithValue("id", MigrationLockId);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private sealed class DbUpLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }

        public void LogDebug(string format, params object[] args) { }

        public void LogInformation(string format, params object[] args) =>
            logger.LogDebug("{Migration}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogWarning(string format, params object[] args) =>
            logger.LogWarning("{Migration}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogError(string format, params object[] args) =>
            logger.LogError("{Migration}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogError(Exception ex, string format, params object[] args) =>
            logger.LogError(ex, "{Migration}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
