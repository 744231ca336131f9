using Dapper;
using Npgsql;

namespace BulkRefunds.Reports;

/// <summary>
/// What each manifest's served report (the file in <c>Reports:Directory</c>) was written from (<c>bulkrefunds.report_file</c>),
/// and which are stale: their manifest's counters changed after. Reads counters and this table only, never a manifest's rows.
/// </summary>
public sealed class ReportFileStore(NpgsqlDataSource dataSource)
{
    // Its own statement, before the read below: that read's snapshot must be taken once the previous writer has committed.
    internal const string LockSql = "SELECT pg_advisory_xact_lock(4242022, hashtext(@ManifestId::text))";

    // Read before the rows are: a change committed later has a later changed_at (sql/0020 serialises a manifest's counters).
    internal const string ObserveSql = """
        SELECT (SELECT max(c.changed_at) FROM bulkrefunds.manifest_counter c WHERE c.manifest_id = @ManifestId) AS rows_changed_at,
               (SELECT f.rows_changed_at FROM bulkrefunds.report_file f WHERE f.manifest_id = @ManifestId) AS recorded,
               EXISTS (SELECT 1 FROM bulkrefunds.report_file f WHERE f.manifest_id = @ManifestId) AS written
        """;

    internal const string RecordSql = """
        INSERT INTO bulkrefunds.report_file (manifest_id, rows_changed_at, written_at) VALUES (@ManifestId, @RowsChangedAt, @WrittenAt)
        ON CONFLICT (manifest_id) DO UPDATE SET rows_changed_at = excluded.rows_changed_at, written_at = excluded.written_at
        """;

    // A few counter rows per written report; oldest file first.
    internal const string StaleSql = """
        SELECT f.manifest_id FROM bulkrefunds.report_file f
        WHERE (SELECT max(c.changed_at) FROM bulkrefunds.manifest_counter c WHERE c.manifest_id = f.manifest_id)
              > coalesce(f.rows_changed_at, '-infinity')
        ORDER BY f.written_at, f.manifest_id
        """;

    /// <summary>Manifests whose served report was written before their rows last changed.</summary>
    public async Task<IReadOnlyList<Guid>> StaleAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<Guid>(new CommandDefinition(StaleSql, cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Takes the manifest's report lock (until the returned lock is disposed: one writer of its served file at a time, so
    /// the file and its record are of the same write) and reads what the file about to be written will hold.
    /// </summary>
    public async Task<ReportFileLock> LockAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var parameters = new { ManifestId = manifestId };
            await connection.ExecuteAsync(new CommandDefinition(LockSql, parameters, transaction, cancellationToken: cancellationToken));
            var (observed, recorded, written) = await connection.QuerySingleAsync<(DateTime? RowsChangedAt, DateTime? Recorded, bool Written)>(
                new CommandDefinition(ObserveSql, parameters, transaction, cancellationToken: cancellationToken));
            var fresh = written && (observed is null || (recorded is { } at && at >= observed));
            return new ReportFileLock(connection, transaction, manifestId, observed, fresh);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
