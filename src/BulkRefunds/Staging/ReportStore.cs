using Dapper;
using Npgsql;

namespace BulkRefunds.Staging;

/// <summary>Reads row state for reports. A report is a query over state, so the same state gives the same report.</summary>
public sealed class ReportStore(NpgsqlDataSource dataSource)
{
    private const string RowsSql = """
        SELECT line_number, account, action, order_id, reference, currency, amount_minor, state, problems, refund_id,
               location, http_status, error_code, error_message, correlation_id, idempotency_key, attempts,
               first_attempt_at, completed_at
        FROM bulkrefunds.manifest_row
        WHERE manifest_id = @ManifestId
        ORDER BY line_number
        """;

    public async IAsyncEnumerable<RowRecord> ReadRowsAsync(Guid manifestId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<RowRecord>(RowsSql, new { ManifestId = manifestId });
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }
}
