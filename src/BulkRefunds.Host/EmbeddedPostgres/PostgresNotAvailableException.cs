namespace BulkRefunds.Host.EmbeddedPostgres;

/// <summary>No PostgreSQL server binaries on this machine, so no private cluster can be started.</summary>
public sealed class PostgresNotAvailableException : Exception
{
    private const string DefaultMessage =
        "PostgreSQL server binaries (initdb, pg_ctl, postgres) were not found on PATH or in /usr/lib/postgresql/*/bin. " +
        "Install them (Debian/Ubuntu: sudo apt-get install -y postgresql) or set ConnectionStrings__BulkRefunds to an existing database.";

    public PostgresNotAvailableException()
        : base(DefaultMessage)
    {
    }

    public PostgresNotAvailableException(string message)
        : base(message)
    {
    }

    public PostgresNotAvailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
