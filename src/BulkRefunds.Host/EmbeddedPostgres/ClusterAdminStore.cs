using System.Text;
using Npgsql;

namespace BulkRefunds.Host.EmbeddedPostgres;

/// <summary>The statements the private cluster runs as its superuser on the maintenance database (one connection each, no pool).</summary>
internal sealed class ClusterAdminStore(string adminConnectionString)
{
    private const string PingSql = "SELECT 1";

    private const string DatabaseExistsSql = "SELECT 1 FROM pg_database WHERE datname = @name";

    // Identifiers cannot be parameters; QuoteIdentifier makes the name one quoted identifier.
    private const string CreateDatabaseSql = "CREATE DATABASE {0}";

    private const string DropDatabaseSql = "DROP DATABASE IF EXISTS {0} WITH (FORCE)";

    public Task PingAsync(CancellationToken cancellationToken) => ScalarAsync(PingSql, null, cancellationToken);

    public async Task<bool> DatabaseExistsAsync(string database, CancellationToken cancellationToken) =>
        await ScalarAsync(DatabaseExistsSql, database, cancellationToken) is not null;

    public Task CreateDatabaseAsync(string database, CancellationToken cancellationToken) =>
        ScalarAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, CreateDatabaseSql, QuoteIdentifier(database)), null, cancellationToken);

    public Task DropDatabaseAsync(string database, CancellationToken cancellationToken) =>
        ScalarAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, DropDatabaseSql, QuoteIdentifier(database)), null, cancellationToken);

    public static string QuoteIdentifier(string database)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(database);
        // PostgreSQL silently truncates longer names, which would make two test databases collide.
        const int MaxIdentifierBytes = 63;
        return Encoding.UTF8.GetByteCount(database) <= MaxIdentifierBytes && !database.Contains('\0', StringComparison.Ordinal)
            ? "\"" + database.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : throw new ArgumentException($"'{database}' is not a valid PostgreSQL database name.", nameof(database));
    }

    private async Task<object?> ScalarAsync(string sql, string? name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        if (name is not null)
        {
            command.Parameters.AddWithValue("name", name);
        }

        return await command.ExecuteScalarAsync(cancellationToken);
    }
}
