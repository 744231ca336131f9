using BulkRefunds.Klarna;
using Dapper;
using Npgsql;

namespace BulkRefunds.Staging;

/// <summary>
/// Reads and writes <c>bulkrefunds.manifest</c>. What it reports as claimable or due is what this worker may send:
/// rows whose account it has configured with the endpoint their manifest recorded (<c>bulkrefunds.manifest_account</c>).
/// </summary>
public sealed class ManifestStore(NpgsqlDataSource dataSource, KlarnaAccounts accounts)
{
    // The accounts of row r's manifest that this worker serves with the endpoint recorded at import.
    internal const string Served = """
        (SELECT a.account FROM bulkrefunds.manifest_account a
         JOIN unnest(@ServedAccounts, @ServedEndpoints) AS w(account, endpoint) ON w.account = a.account AND w.endpoint = a.endpoint
         WHERE a.manifest_id = r.manifest_id)
        """;

    /// <summary>
    /// The one definition of a claimable row (alias <c>r</c> for <c>bulkrefunds.manifest_row</c>), for the claim and for
    /// those who ask whether a claim would find something: staged, or 'sending' with a lease that ran out (its worker died
    /// or stalled); on an account this worker serves with the endpoint its manifest recorded at import; and of a manifest
    /// not awaiting approval — nothing of such a manifest is sent, whoever runs the job.
    /// </summary>
    internal const string ClaimableRow = $$"""
        (r.state = 'staged' OR (r.state = 'sending' AND r.lease_until < now()))
          AND r.account IN {{Served}}
          AND EXISTS (SELECT 1 FROM bulkrefunds.manifest approval WHERE approval.manifest_id = r.manifest_id
                      AND (NOT approval.approval_required OR approval.approved_at IS NOT NULL))
        """;

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

    private const string CountByStateSql = """
        SELECT state, count(*)::int AS count FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId GROUP BY state
        """;

    private const string CountOpenSql = """
        SELECT count(*)::int FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId AND state = ANY(@Open)
        """;

    private const string CountClaimableSql = $$"""
        SELECT count(*)::int FROM bulkrefunds.manifest_row r
        WHERE r.manifest_id = @ManifestId AND {{ClaimableRow}}
        """;

    // Manifests with rows to send and no worker holding a live lease on any of them: nobody is working on them.
    // (One caught between two batches gets an extra job, which finds little to claim: harmless.)
    // The approval test on m repeats one inside ClaimableRow so that rows of a manifest awaiting approval are never scanned.
    private const string WithClaimableRowsSql = $$"""
        SELECT m.manifest_id FROM bulkrefunds.manifest m
        WHERE m.completed_at IS NULL AND (NOT m.approval_required OR m.approved_at IS NOT NULL)
          AND EXISTS (SELECT 1 FROM bulkrefunds.manifest_row r
                      WHERE r.manifest_id = m.manifest_id AND {{ClaimableRow}})
          AND NOT EXISTS (SELECT 1 FROM bulkrefunds.manifest_row r
                          WHERE r.manifest_id = m.manifest_id AND r.state = 'sending' AND r.lease_until >= now())
        """;

    // Accounts of approved, unfinished manifests with rows to send that this worker does not serve (account missing, or
    // configured with another endpoint). Few rows per manifest; EXISTS stops at the first open row.
    private const string WaitingSql = """
        SELECT a.manifest_id, a.account, a.endpoint FROM bulkrefunds.manifest_account a
        JOIN bulkrefunds.manifest m ON m.manifest_id = a.manifest_id
        WHERE m.completed_at IS NULL AND (NOT m.approval_required OR m.approved_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM unnest(@ServedAccounts, @ServedEndpoints) AS w(account, endpoint)
                          WHERE w.account = a.account AND w.endpoint = a.endpoint)
          AND EXISTS (SELECT 1 FROM bulkrefunds.manifest_row r
                      WHERE r.manifest_id = a.manifest_id AND r.account = a.account
                        AND (r.state = 'staged' OR (r.state = 'sending' AND r.lease_until < now())))
        ORDER BY m.uploaded_at, a.manifest_id, a.account
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

    public async Task<IReadOnlyDictionary<string, int>> CountByStateAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await CountByStateAsync(connection, transaction: null, manifestId, cancellationToken);
    }

    /// <summary>Rows per state, on the caller's connection (inside the import transaction, before commit).</summary>
    internal static async Task<IReadOnlyDictionary<string, int>> CountByStateAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid manifestId, CancellationToken cancellationToken)
    {
        var counts = await connection.QueryAsync<(string State, int Count)>(
            new CommandDefinition(CountByStateSql, new { ManifestId = manifestId }, transaction, cancellationToken: cancellationToken));
        return counts.ToDictionary(count => count.State, count => count.Count, StringComparer.Ordinal);
    }

    public async Task<int> CountOpenAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(
            new CommandDefinition(CountOpenSql, new { ManifestId = manifestId, Open = RowState.Open.ToArray() }, cancellationToken: cancellationToken));
    }

    /// <summary>Open rows that no live worker holds: staged, or 'sending' with a lease that ran out.</summary>
    public async Task<int> CountClaimableAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(
            new CommandDefinition(CountClaimableSql, ServedParameters(new { ManifestId = manifestId }), cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Guid>> WithClaimableRowsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<Guid>(new CommandDefinition(WithClaimableRowsSql, ServedParameters(), cancellationToken: cancellationToken))];
    }

    /// <summary>What no worker like this one will send: "waiting for a worker configured for account X" (page, /health).</summary>
    public async Task<IReadOnlyList<WaitingAccount>> WaitingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<WaitingAccount>(new CommandDefinition(WaitingSql, ServedParameters(), cancellationToken: cancellationToken))];
    }

    private DynamicParameters ServedParameters(object? parameters = null) => ServedParameters(accounts, parameters);

    /// <summary>The parameters of <see cref="Served"/> (this worker's accounts and their endpoints), with the caller's.</summary>
    internal static DynamicParameters ServedParameters(KlarnaAccounts accounts, object? parameters = null)
    {
        var served = accounts.Served;
        var all = new DynamicParameters(parameters);
        all.Add("ServedAccounts", served.Select(pair => pair.Account).ToArray());
        all.Add("ServedEndpoints", served.Select(pair => pair.Endpoint).ToArray());
        return all;
    }

    /// <summary>Marks the manifest complete when no row is open; true only for the call that did it.</summary>
    public async Task<bool> TryMarkCompletedAsync(Guid manifestId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(MarkCompletedSql,
            new { ManifestId = manifestId, Now = now, Open = RowState.Open.ToArray() }, cancellationToken: cancellationToken)) == 1;
    }
}
