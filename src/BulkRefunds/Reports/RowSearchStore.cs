using BulkRefunds.Staging;
using Dapper;
using Npgsql;

namespace BulkRefunds.Reports;

/// <summary>
/// Finds rows across every manifest by order id, reference, refund id or correlation id, each through its index of
/// sql/0024 (docs/benchmarks.md has the plans on 10M rows). Newest rows first.
/// </summary>
public sealed class RowSearchStore(NpgsqlDataSource dataSource)
{
    public const int MaxLimit = 500;

    private const string Columns = "SELECT r.manifest_id, m.file_name, " + ManifestRowsStore.RowColumns + """

        FROM bulkrefunds.manifest_row r
        JOIN bulkrefunds.manifest m ON m.manifest_id = r.manifest_id
        """;

    private const string Newest = """

        ORDER BY r.row_id DESC
        LIMIT @Limit
        """;

    // The text comparison after the hash's: two order ids whose hashes collide are told apart here.
    internal const string ByOrderIdSql = Columns + """

        WHERE hashtextextended(r.order_id, 0) = hashtextextended(@Value, 0) AND r.order_id = @Value
        """ + Newest;

    internal const string ByReferenceSql = Columns + """

        WHERE hashtextextended(r.reference, 0) = hashtextextended(@Value, 0) AND r.reference = @Value
        """ + Newest;

    internal const string ByRefundIdSql = Columns + """

        WHERE r.refund_id = @Value
        """ + Newest;

    internal const string ByCorrelationIdSql = Columns + """

        WHERE r.row_id IN (SELECT a.row_id FROM bulkrefunds.row_attempt a WHERE a.correlation_id = @Value)
        """ + Newest;

    public static string SqlFor(RowSearchKey key) => key switch
    {
        RowSearchKey.OrderId => ByOrderIdSql,
        RowSearchKey.Reference => ByReferenceSql,
        RowSearchKey.RefundId => ByRefundIdSql,
        RowSearchKey.CorrelationId => ByCorrelationIdSql,
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not a search key."),
    };

    public async Task<IReadOnlyList<FoundRow>> FindAsync(RowSearchKey key, string value, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(SqlFor(key),
            new { Value = value, Limit = Math.Clamp(limit, 1, MaxLimit) }, cancellationToken: cancellationToken));
        var found = new List<FoundRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var columns = new StoredColumns(reader);
            found.Add(new FoundRow(columns.Value<Guid>("manifest_id"), columns.Value<string>("file_name"), ManifestRowsStore.Read(columns)));
        }

        return found;
    }
}
