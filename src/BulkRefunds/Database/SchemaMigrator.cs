using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace BulkRefunds.Database;

/// <summary>
/// Applies the numbered files of sql/ (embedded in this assembly) in order and records each in
/// bulkrefunds.schema_versions, so any database is upgraded safely at start-up.
/// </summary>
public static class SchemaMigrator
{
    public static async Task MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await MigrationStore.LockAsync(connection, cancellationToken);

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
            await MigrationStore.UnlockAsync(connection, CancellationToken.None);
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
