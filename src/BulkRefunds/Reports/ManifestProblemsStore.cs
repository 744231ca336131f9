using Dapper;
using Npgsql;

namespace BulkRefunds.Reports;

/// <summary>The invalid rows of a manifest, for the answer to an upload: what finance must fix in the file.</summary>
public sealed class ManifestProblemsStore(NpgsqlDataSource dataSource)
{
    private const string CountSql = """
        SELECT count(*)::int FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId AND state = 'invalid'
        """;

    private const string FirstRowsSql = """
        SELECT line_number, problems FROM bulkrefunds.manifest_row
        WHERE manifest_id = @ManifestId AND state = 'invalid'
        ORDER BY line_number
        LIMIT @Limit
        """;

    public async Task<ManifestProblems> ReadAsync(Guid manifestId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var count = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountSql, new { ManifestId = manifestId }, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<InvalidRow>(new CommandDefinition(FirstRowsSql,
            new { ManifestId = manifestId, Limit = limit }, cancellationToken: cancellationToken));
        return new ManifestProblems(count, [.. rows]);
    }
}
