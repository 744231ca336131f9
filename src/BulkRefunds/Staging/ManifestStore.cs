using Dapper;
using Npgsql;

namespace BulkRefunds.Staging;

/// <summary>
/// Reads and writes <c>bulkrefunds.manifest</c> and the endpoints it recorded per account (<c>bulkrefunds.manifest_account</c>),
/// and decides when a manifest is complete. What this worker may send is Dispatch's question (<c>Dispatch.BacklogStore</c>).
/// </summary>
public sealed class ManifestStore(NpgsqlDataSource dataSource)
{
    /// <summary>The columns of <see cref="ManifestRecord"/>, in its order (Dapper maps them to its constructor).</summary>
    internal const string SelectColumns = """
        SELECT manifest_id, file_name, sha256, size_bytes, uploaded_at, uploaded_by, row_count, completed_at,
               approval_required, approved_at, approved_by, approvals_required::int AS approvals_required,
               auto_release_after_days::int AS auto_release_after_days
        FROM bulkrefunds.manifest
        """;

    private const string InsertSql = """
        INSERT INTO bulkrefunds.manifest (manifest_id, file_name, sha256, size_bytes, uploaded_at, uploaded_by, row_count, approval_required,
                                         approvals_required, auto_release_after_days)
        VALUES (@ManifestId, @FileName, @Sha256, @SizeBytes, @UploadedAt, @UploadedBy, @RowCount, @ApprovalRequired, @ApprovalsRequired,
                @AutoReleaseAfterDays)
        """;

    private const string InsertAccountsSql = """
        INSERT INTO bulkrefunds.manifest_account (manifest_id, account, endpoint)
        SELECT @ManifestId, account, endpoint FROM unnest(@Accounts, @Endpoints) AS a(account, endpoint)
        """;

    private const string SetRowCountSql = "UPDATE bulkrefunds.manifest SET row_count = @RowCount WHERE manifest_id = @ManifestId";

    // Both read the counters sql/0020's triggers keep in the transaction that moves the rows (also inside the import's).
    internal const string CountByStateSql = """
        SELECT state, sum(rows)::int AS count FROM bulkrefunds.manifest_counter WHERE manifest_id = @ManifestId AND rows <> 0 GROUP BY state
        """;

    internal const string CountOpenSql = """
        SELECT coalesce(sum(rows), 0)::int FROM bulkrefunds.manifest_counter WHERE manifest_id = @ManifestId AND state = ANY(@Open)
        """;

    // Completion is decided from row state, never from Hangfire job states; the guard makes it happen once.
    private const string MarkCompletedSql = """
        UPDATE bulkrefunds.manifest m SET completed_at = @Now
        WHERE m.manifest_id = @ManifestId AND m.completed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM bulkrefunds.manifest_row r WHERE r.manifest_id = m.manifest_id AND r.state = ANY(@Open))
        """;

    public async Task<ManifestRecord?> FindBySha256Async(string sha256, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ManifestRecord>(
            new CommandDefinition($"{SelectColumns} WHERE sha256 = @Sha256", new { Sha256 = sha256 }, cancellationToken: cancellationToken));
    }

    public async Task<ManifestRecord?> FindAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ManifestRecord>(
            new CommandDefinition($"{SelectColumns} WHERE manifest_id = @ManifestId", new { ManifestId = manifestId }, cancellationToken: cancellationToken));
    }

    public static Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ManifestRecord manifest, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(InsertSql, manifest, transaction, cancellationToken: cancellationToken));

    /// <summary>Records, in the import transaction, which Klarna endpoint each account of the manifest points to.</summary>
    internal static Task InsertAccountsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid manifestId,
        IReadOnlyList<Klarna.AccountEndpoint> endpoints, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(InsertAccountsSql, new
        {
            ManifestId = manifestId,
            Accounts = endpoints.Select(endpoint => endpoint.Account).ToArray(),
            Endpoints = endpoints.Select(endpoint => endpoint.Endpoint).ToArray(),
        }, transaction, cancellationToken: cancellationToken));

    /// <summary>Serialises imports (transaction-scoped advisory lock) so duplicate detection sees every earlier row.</summary>
    public static Task LockForImportAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(4242001)", transaction: transaction, cancellationToken: cancellationToken));

    public static Task SetRowCountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid manifestId, int rowCount, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(SetRowCountSql, new { ManifestId = manifestId, RowCount = rowCount }, transaction, cancellationToken: cancellationToken));

    public async Task<IReadOnlyDictionary<RowState, int>> CountByStateAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CountByStateAsync(connection, transaction: null, manifestId, cancellationToken);
    }

    /// <summary>Rows per state, on the caller's connection (inside the import transaction, before commit).</summary>
    internal static async Task<IReadOnlyDictionary<RowState, int>> CountByStateAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid manifestId, CancellationToken cancellationToken)
    {
        var counts = await connection.QueryAsync<(string State, int Count)>(
            new CommandDefinition(CountByStateSql, new { ManifestId = manifestId }, transaction, cancellationToken: cancellationToken));
        return counts.ToDictionary(count => RowStateText.Parse(count.State), count => count.Count);
    }

    public async Task<int> CountOpenAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(
            new CommandDefinition(CountOpenSql, new { ManifestId = manifestId, Open = RowStateText.Of(RowStates.Open) }, cancellationToken: cancellationToken));
    }

    /// <summary>Marks the manifest complete when no row is open; true only for the call that did it.</summary>
    public async Task<bool> TryMarkCompletedAsync(Guid manifestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(MarkCompletedSql,
            new { ManifestId = manifestId, Now = now, Open = RowStateText.Of(RowStates.Open) }, cancellationToken: cancellationToken)) == 1;
    }
}
