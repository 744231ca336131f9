using Dapper;
using Npgsql;

namespace BulkRefunds.Tests.Reports;

/// <summary>
/// The check of sql/0020 and sql/0022: for every manifest of the database, the kept counters (<c>bulkrefunds.manifest_counter</c>,
/// and the open rows per account and lease that `run` and the page's backlog read, <c>bulkrefunds.manifest_open_counter</c>)
/// against a fresh count of its rows (<c>…_drift</c>, empty when they agree).
/// </summary>
internal static class ManifestCounters
{
    private const string DriftSql = """
        SELECT m.manifest_id || ' ' || d.state || ' ' || d.currency || ': counted ' || d.counted_rows || ' rows / '
               || d.counted_amount_minor || ', kept ' || d.kept_rows || ' rows / ' || d.kept_amount_minor
        FROM bulkrefunds.manifest m, LATERAL bulkrefunds.manifest_counter_drift(m.manifest_id) d
        UNION ALL
        SELECT m.manifest_id || ' open ' || d.account || ' ' || d.state || ' ' || coalesce(d.lease_until::text, '-')
               || ': counted ' || d.counted_rows || ' rows, kept ' || d.kept_rows || ' rows'
        FROM bulkrefunds.manifest m, LATERAL bulkrefunds.manifest_open_counter_drift(m.manifest_id) d
        ORDER BY 1
        """;

    public static async Task<IReadOnlyList<string>> DriftAsync(NpgsqlDataSource dataSource)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(DriftSql)];
    }

    public static async Task AssertMatchRowsAsync(NpgsqlDataSource dataSource) => Assert.Empty(await DriftAsync(dataSource));

    public static async Task AssertMatchRowsAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await AssertMatchRowsAsync(dataSource);
    }

    public static async Task<int> CountAsync(NpgsqlDataSource dataSource, Guid manifestId)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT count(*)::int FROM bulkrefunds.manifest_counter WHERE manifest_id = @ManifestId AND rows <> 0", new { ManifestId = manifestId });
    }
}
