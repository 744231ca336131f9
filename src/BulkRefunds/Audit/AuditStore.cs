using Dapper;
using Npgsql;

namespace BulkRefunds.Audit;

/// <summary><c>audit_entry</c>: inserts and reads only — the table refuses anything else (sql/0021).</summary>
public sealed class AuditStore(NpgsqlDataSource dataSource)
{
    private const string InsertSql = """
        INSERT INTO bulkrefunds.audit_entry (recorded_at, actor, act, manifest_id, row_id, detail)
        VALUES (@RecordedAt, @Actor, @Act, @ManifestId, @RowId, @Detail)
        """;

    // The line is looked up, not stored: a row's line number never changes, and the primary key finds it.
    private const string ByManifestSql = """
        SELECT a.audit_id, a.recorded_at, a.actor, a.act, a.manifest_id, a.row_id, a.detail, r.line_number
        FROM bulkrefunds.audit_entry a
        LEFT JOIN bulkrefunds.manifest_row r ON r.row_id = a.row_id
        WHERE a.manifest_id = @ManifestId AND a.audit_id > @After
        ORDER BY a.audit_id
        LIMIT @Limit
        """;

    private const string BetweenSql = """
        SELECT a.audit_id, a.recorded_at, a.actor, a.act, a.manifest_id, a.row_id, a.detail, r.line_number
        FROM bulkrefunds.audit_entry a
        LEFT JOIN bulkrefunds.manifest_row r ON r.row_id = a.row_id
        WHERE a.recorded_at >= @From AND a.recorded_at < @To AND a.audit_id > @After
        ORDER BY a.audit_id
        LIMIT @Limit
        """;

    /// <summary>Appends on the caller's transaction, so the entry exists exactly when the act committed.</summary>
    public static Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditEntry entry, DateTimeOffset recordedAt,
        CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            RecordedAt = recordedAt, entry.Actor, Act = AuditActText.Of(entry.Act), entry.ManifestId, entry.RowId, entry.Detail,
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>A manifest's entries after <paramref name="after"/> (keyset: pass the last audit_id seen), oldest first.</summary>
    public Task<IReadOnlyList<AuditRecord>> ByManifestAsync(Guid manifestId, long after, int limit, CancellationToken cancellationToken) =>
        QueryAsync(ByManifestSql, new { ManifestId = manifestId, After = after, Limit = limit }, cancellationToken);

    /// <summary>Entries recorded in [from, to) after <paramref name="after"/>, oldest first, for export in pages.</summary>
    public Task<IReadOnlyList<AuditRecord>> BetweenAsync(DateTimeOffset from, DateTimeOffset to, long after, int limit, CancellationToken cancellationToken) =>
        QueryAsync(BetweenSql, new { From = from, To = to, After = after, Limit = limit }, cancellationToken);

    private async Task<IReadOnlyList<AuditRecord>> QueryAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredEntry>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        return [.. rows.Select(row => new AuditRecord(row.AuditId, new DateTimeOffset(row.RecordedAt), row.Actor, AuditActText.Parse(row.Act), row.ManifestId, row.RowId, row.Detail, row.LineNumber))];
    }

    // Npgsql reads timestamptz as a UTC DateTime.
    private sealed record StoredEntry(long AuditId, DateTime RecordedAt, string Actor, string Act, Guid? ManifestId, long? RowId, string Detail, int? LineNumber);
}
