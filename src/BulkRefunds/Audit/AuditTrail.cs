using Npgsql;

namespace BulkRefunds.Audit;

/// <summary>
/// The one door every room records an operator act through. Inside the act's transaction where it has one, so the
/// trail never shows an act that rolled back nor misses one that committed.
/// </summary>
public sealed class AuditTrail(NpgsqlDataSource dataSource, TimeProvider timeProvider)
{
    public Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditEntry entry, CancellationToken cancellationToken) =>
        AuditStore.AppendAsync(connection, transaction, entry, timeProvider.GetUtcNow(), cancellationToken);

    /// <summary>For acts with no transaction of their own (a sign-in lockout, a rejected upload).</summary>
    public async Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await RecordAsync(connection, null, entry, cancellationToken);
    }
}
