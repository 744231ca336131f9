using BulkRefunds.Dispatch;
using BulkRefunds.Klarna;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BulkRefunds.Tests.Reports;

/// <summary>What BacklogStore reads from the open-row counters beside a fresh count of the rows (the queries it read before sql/0022).</summary>
internal sealed record BacklogSnapshot(int Claimable, int CountedClaimable, int Waiting, int CountedWaiting, bool Resumable, bool CountedResumable);

/// <summary>Takes <see cref="BacklogSnapshot"/>s of one manifest.</summary>
internal sealed class BacklogSnapshots(Host.AppHost app, Guid manifestId)
{
    private const string CountedClaimableSql =
        $"SELECT count(*)::int FROM bulkrefunds.manifest_row r WHERE r.manifest_id = @ManifestId AND {BacklogStore.ClaimableRow}";

    private const string CountedWaitingSql = """
        SELECT count(*)::int FROM bulkrefunds.manifest_account a
        JOIN bulkrefunds.manifest m ON m.manifest_id = a.manifest_id
        WHERE a.manifest_id = @ManifestId AND m.completed_at IS NULL AND (NOT m.approval_required OR m.approved_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM unnest(@ServedAccounts, @ServedEndpoints) AS w(account, endpoint)
                          WHERE w.account = a.account AND w.endpoint = a.endpoint)
          AND EXISTS (SELECT 1 FROM bulkrefunds.manifest_row r
                      WHERE r.manifest_id = a.manifest_id AND r.account = a.account
                        AND (r.state = 'staged' OR (r.state = 'sending' AND r.lease_until < now())))
        """;

    private const string CountedResumableSql = $$"""
        SELECT EXISTS (SELECT 1 FROM bulkrefunds.manifest_row r WHERE r.manifest_id = @ManifestId AND {{BacklogStore.ClaimableRow}})
           AND NOT EXISTS (SELECT 1 FROM bulkrefunds.manifest_row r
                           WHERE r.manifest_id = @ManifestId AND r.state = 'sending' AND r.lease_until >= now())
           AND EXISTS (SELECT 1 FROM bulkrefunds.manifest m WHERE m.manifest_id = @ManifestId AND m.completed_at IS NULL)
        """;

    public async Task<BacklogSnapshot> TakeAsync()
    {
        var backlog = app.Services.GetRequiredService<BacklogStore>();
        var parameters = BacklogStore.ServedParameters(app.Services.GetRequiredService<KlarnaAccounts>(), new { ManifestId = manifestId });
        await using var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        return new BacklogSnapshot(
            await backlog.CountClaimableAsync(manifestId, default), await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountedClaimableSql, parameters)),
            (await backlog.WaitingAsync(default)).Count(waiting => waiting.ManifestId == manifestId),
            await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountedWaitingSql, parameters)),
            (await backlog.WithClaimableRowsAsync(default)).Contains(manifestId), await connection.ExecuteScalarAsync<bool>(new CommandDefinition(CountedResumableSql, parameters)));
    }
}
