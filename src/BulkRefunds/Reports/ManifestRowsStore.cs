using BulkRefunds.Staging;
using Dapper;
using Npgsql;

namespace BulkRefunds.Reports;

/// <summary>
/// The manifest page's reads: its rows a page at a time (keyset on the line number, so page 10,000 of a million-row
/// manifest costs what page 1 does), their attempts, and its progress per minute (sql/0024).
/// </summary>
public sealed class ManifestRowsStore(NpgsqlDataSource dataSource)
{
    public const int MaxPageSize = 500;

    internal const string RowColumns = """
        r.row_id, r.line_number, r.account, r.action, r.order_id, r.reference, r.currency, r.amount_minor, r.state, r.refund_id,
               r.http_status, r.error_code, r.error_message, r.correlation_id, r.attempts, coalesce(r.problems, r.duplicate_of, r.note) AS problems
        """;

    // manifest_row_line_key (manifest_id, line_number).
    public const string PageSql = "SELECT " + RowColumns + """

        FROM bulkrefunds.manifest_row r
        WHERE r.manifest_id = @ManifestId AND r.line_number > @After
        ORDER BY r.line_number
        LIMIT @Limit
        """;

    // manifest_row_state_line_idx (manifest_id, state, line_number): a rare state is found without walking the manifest.
    public const string StatePageSql = "SELECT " + RowColumns + """

        FROM bulkrefunds.manifest_row r
        WHERE r.manifest_id = @ManifestId AND r.state = @State AND r.line_number > @After
        ORDER BY r.line_number
        LIMIT @Limit
        """;

    internal const string AttemptsSql = """
        SELECT row_id, attempted_at, idempotency_key, outcome, http_status, error_code, correlation_id
        FROM bulkrefunds.row_attempt
        WHERE row_id = ANY(@RowIds)
        ORDER BY row_id, attempt_id
        """;

    internal const string MinutesSql = """
        SELECT minute, final_rows, throttled FROM (
            SELECT minute, final_rows, throttled FROM bulkrefunds.manifest_minute
            WHERE manifest_id = @ManifestId ORDER BY minute DESC LIMIT @Limit) latest
        ORDER BY minute
        """;

    /// <summary>Rows after line <paramref name="after"/> (0 for the first page), of one state or of all.</summary>
    public async Task<RowPage> PageAsync(Guid manifestId, RowState? state, int after, int pageSize, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One row more than shown says whether a next page exists.
        var rows = await ReadRowsAsync(connection, state is null ? PageSql : StatePageSql,
            new { ManifestId = manifestId, State = state is { } known ? RowStateText.Of(known) : null, After = after, Limit = limit + 1 }, cancellationToken);
        return rows.Count > limit ? new RowPage(rows.GetRange(0, limit), rows[limit - 1].LineNumber) : new RowPage(rows, null);
    }

    public async Task<IReadOnlyList<RowAttempt>> AttemptsAsync(IReadOnlyCollection<long> rowIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<RowAttempt>(new CommandDefinition(AttemptsSql, new { RowIds = rowIds.ToArray() }, cancellationToken: cancellationToken))];
    }

    /// <summary>The latest <paramref name="limit"/> minutes that saw progress or throttling, oldest first.</summary>
    public async Task<IReadOnlyList<ManifestMinute>> MinutesAsync(Guid manifestId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<ManifestMinute>(new CommandDefinition(MinutesSql, new { ManifestId = manifestId, Limit = limit },
            cancellationToken: cancellationToken))];
    }

    internal static async Task<List<ManifestRowView>> ReadRowsAsync(NpgsqlConnection connection, string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        var rows = new List<ManifestRowView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(new StoredColumns(reader)));
        }

        return rows;
    }

    // Built by hand, not by Dapper: see StoredColumns.
    internal static ManifestRowView Read(StoredColumns row) => new()
    {
        RowId = row.Value<long>("row_id"), LineNumber = row.Value<int>("line_number"), Account = row.Value<string>("account"),
        Action = row.Action("action"), OrderId = row.Value<string>("order_id"), Reference = row.Text("reference"), Currency = row.Text("currency"),
        AmountMinor = row.Nullable<long>("amount_minor"), State = row.State("state"), RefundId = row.Text("refund_id"),
        HttpStatus = row.Nullable<int>("http_status"), ErrorCode = row.Text("error_code"), ErrorMessage = row.Text("error_message"),
        CorrelationId = row.Text("correlation_id"), Attempts = row.Value<int>("attempts"), Problems = row.Text("problems"),
    };
}
