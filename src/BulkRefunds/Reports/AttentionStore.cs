using Dapper;
using Npgsql;

namespace BulkRefunds.Reports;

/// <summary>The counts behind the attention gauges; cheap enough to run every few seconds on every server.</summary>
public sealed class AttentionStore(NpgsqlDataSource dataSource)
{
    // Reads manifest_row_attention_idx (sql/0018) only; manifest has one row per file.
    private const string CountsSql = """
        SELECT
            (SELECT count(*) FROM bulkrefunds.manifest_row WHERE state = 'in_doubt') AS rows_in_doubt,
            (SELECT count(*) FROM bulkrefunds.manifest_row WHERE state = 'needs_review') AS rows_needing_review,
            (SELECT count(*) FROM bulkrefunds.manifest
             WHERE approval_required AND approved_at IS NULL AND completed_at IS NULL) AS manifests_awaiting_approval
        """;

    public async Task<AttentionCounts> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<AttentionCounts>(new CommandDefinition(CountsSql, cancellationToken: cancellationToken));
    }
}
