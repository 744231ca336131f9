using BulkRefunds.Klarna;
using Dapper;
using Npgsql;

namespace BulkRefunds.Dispatch;

/// <summary>
/// What is left to send, as this worker sees it: the rows a claim would find, the manifests nobody is working on, and the
/// accounts waiting for a worker configured like the import. What this worker may send is a row whose account it has
/// configured with the endpoint its manifest recorded (<c>bulkrefunds.manifest_account</c>); <see cref="DispatchStore"/>
/// claims with the same <see cref="ClaimableRow"/>, and the release sweep reads due rows with the same <see cref="Served"/>.
/// The counts and the manifests to resume are read from the open-row counters (sql/0022) with the same test, never from
/// the rows: `run`'s progress, the Manifests page and /health cost the same at any manifest size.
/// </summary>
public sealed class BacklogStore(NpgsqlDataSource dataSource, KlarnaAccounts accounts)
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

    // The same test over sql/0022's open counters (alias c for bulkrefunds.manifest_open_counter, one key per manifest,
    // account, state and lease): what is left to send is read from counters, never from the rows, at any manifest size.
    private const string ClaimableCounter = """
        (c.state = 'staged' OR (c.state = 'sending' AND c.lease_until < now()))
        """;

    private const string ServedCounter = """
        (SELECT a.account FROM bulkrefunds.manifest_account a
         JOIN unnest(@ServedAccounts, @ServedEndpoints) AS w(account, endpoint) ON w.account = a.account AND w.endpoint = a.endpoint
         WHERE a.manifest_id = c.manifest_id)
        """;

    internal const string CountClaimableSql = $$"""
        SELECT coalesce(sum(c.rows), 0)::int FROM bulkrefunds.manifest_open_counter c
        WHERE c.manifest_id = @ManifestId AND {{ClaimableCounter}} AND c.account IN {{ServedCounter}}
          AND EXISTS (SELECT 1 FROM bulkrefunds.manifest approval WHERE approval.manifest_id = c.manifest_id
                      AND (NOT approval.approval_required OR approval.approved_at IS NOT NULL))
        """;

    // Manifests with rows to send and no worker holding a live lease on any of them: nobody is working on them.
    // (One caught between two batches gets an extra job, which finds little to claim: harmless.)
    internal const string WithClaimableRowsSql = $$"""
        SELECT m.manifest_id FROM bulkrefunds.manifest m
        WHERE m.completed_at IS NULL AND (NOT m.approval_required OR m.approved_at IS NOT NULL)
          AND EXISTS (SELECT 1 FROM bulkrefunds.manifest_open_counter c
                      WHERE c.manifest_id = m.manifest_id AND {{ClaimableCounter}} AND c.account IN {{ServedCounter}})
          AND NOT EXISTS (SELECT 1 FROM bulkrefunds.manifest_open_counter c
                          WHERE c.manifest_id = m.manifest_id AND c.state = 'sending' AND c.lease_until >= now())
        """;

    // Accounts of approved, unfinished manifests with rows to send that this worker does not serve (account missing, or
    // configured with another endpoint).
    internal const string WaitingSql = $$"""
        SELECT a.manifest_id, a.account, a.endpoint FROM bulkrefunds.manifest_account a
        JOIN bulkrefunds.manifest m ON m.manifest_id = a.manifest_id
        WHERE m.completed_at IS NULL AND (NOT m.approval_required OR m.approved_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM unnest(@ServedAccounts, @ServedEndpoints) AS w(account, endpoint)
                          WHERE w.account = a.account AND w.endpoint = a.endpoint)
          AND EXISTS (SELECT 1 FROM bulkrefunds.manifest_open_counter c
                      WHERE c.manifest_id = a.manifest_id AND c.account = a.account AND {{ClaimableCounter}})
        ORDER BY m.uploaded_at, a.manifest_id, a.account
        """;

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
}
