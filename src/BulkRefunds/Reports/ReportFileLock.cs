using Dapper;
using Npgsql;

namespace BulkRefunds.Reports;

/// <summary>
/// A manifest's report lock, held in an open transaction until disposed (a crashed writer's lock ends with its
/// connection). <see cref="RecordAsync"/> notes the write and lets the lock go.
/// </summary>
public sealed class ReportFileLock(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid manifestId, DateTime? rowsChangedAt, bool fresh)
    : IAsyncDisposable
{
    /// <summary>The record says the served file holds the rows as they are now (it may still be missing from the folder).</summary>
    public bool Fresh => fresh;

    public async Task RecordAsync(DateTimeOffset writtenAt, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(ReportFileStore.RecordSql,
            new { ManifestId = manifestId, RowsChangedAt = rowsChangedAt, WrittenAt = writtenAt }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
