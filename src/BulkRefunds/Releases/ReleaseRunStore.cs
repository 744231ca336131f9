using BulkRefunds.Dispatch;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;
using Dapper;
using Npgsql;

namespace BulkRefunds.Releases;

/// <summary>
/// The release sweep's SQL: which release rows are due and which refunded orders were never released (the plan), and
/// <c>bulkrefunds.release_run</c>: which release rows each sweep run staged. Only rows this worker serves
/// (<see cref="BacklogStore.Served"/>).
/// </summary>
public sealed class ReleaseRunStore(NpgsqlDataSource dataSource, KlarnaAccounts accounts)
{
    // Orders we refunded and never released (nor tried to): candidates for releasing a stale authorization.
    private const string RefundedWithoutReleaseSql = """
        SELECT DISTINCT r.account, r.order_id
        FROM bulkrefunds.manifest_row r
        WHERE r.action = 'refund' AND r.state = 'succeeded'
          AND r.account IN
        """ + BacklogStore.Served + """
          AND NOT EXISTS (SELECT 1 FROM bulkrefunds.manifest_row x
                          WHERE x.action = 'release' AND x.order_id = r.order_id AND x.account = r.account
                            AND x.state NOT IN ('invalid', 'failed', 'duplicate'))
        ORDER BY r.account, r.order_id
        """;

    private const string DueReleasesSql = """
        SELECT r.manifest_id, r.line_number, r.account, r.order_id FROM bulkrefunds.manifest_row r
        WHERE r.state = 'scheduled' AND r.action = 'release' AND r.not_before <= @Today AND r.account IN
        """ + BacklogStore.Served + """

        ORDER BY r.manifest_id, r.line_number
        """;

    private const string InsertRunSql = """
        INSERT INTO bulkrefunds.release_run (run_id, started_at, release_day, started_by)
        VALUES (@RunId, @StartedAt, @ReleaseDay::date, @StartedBy)
        """;

    // Staging a due release reopens its manifest (its report is written again when the release is final) and tags
    // the row with this run. The guard on 'scheduled' decides which of two overlapping runs stages a row. A row whose
    // account this worker does not serve with its manifest's endpoint stays scheduled for a sweep on a worker that does.
    private const string StageDueReleasesSql = """
        WITH due AS (
            UPDATE bulkrefunds.manifest_row r SET state = 'staged'
            WHERE r.state = 'scheduled' AND r.action = 'release' AND r.not_before <= @Today
              AND r.account IN (SELECT a.account FROM bulkrefunds.manifest_account a
                                JOIN unnest(@ServedAccounts, @ServedEndpoints) AS w(account, endpoint)
                                  ON w.account = a.account AND w.endpoint = a.endpoint
                                WHERE a.manifest_id = r.manifest_id)
            RETURNING r.manifest_id, r.line_number),
        tagged AS (
            INSERT INTO bulkrefunds.release_run_row (run_id, manifest_id, line_number)
            SELECT @RunId, manifest_id, line_number FROM due),
        reopened AS (
            UPDATE bulkrefunds.manifest m SET completed_at = NULL
            FROM (SELECT DISTINCT manifest_id FROM due) d
            WHERE m.manifest_id = d.manifest_id)
        SELECT DISTINCT manifest_id FROM due
        """;

    // A manifest the run wrote itself (auto-release): all of its rows are the run's, unless an overlapping run that
    // imported the same bytes tagged them first.
    private const string TagManifestSql = """
        INSERT INTO bulkrefunds.release_run_row (run_id, manifest_id, line_number)
        SELECT @RunId, manifest_id, line_number FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId
        ON CONFLICT DO NOTHING
        """;

    private const string RunsOfManifestSql = """
        SELECT DISTINCT run_id FROM bulkrefunds.release_run_row WHERE manifest_id = @ManifestId
        """;

    private const string FindRunSql = """
        SELECT run_id, started_at, to_char(release_day, 'YYYY-MM-DD') AS release_day, started_by FROM bulkrefunds.release_run WHERE run_id = @RunId
        """;

    private const string CountOpenSql = """
        SELECT count(*)::int FROM bulkrefunds.release_run_row t
        JOIN bulkrefunds.manifest_row r ON r.manifest_id = t.manifest_id AND r.line_number = t.line_number
        WHERE t.run_id = @RunId AND r.state = ANY(@Open)
        """;

    private const string RowsSql = """
        SELECT r.manifest_id, m.file_name, r.line_number, r.account, r.order_id, r.reference, r.state, r.http_status,
               r.error_code, coalesce(r.error_message, r.problems) AS error_message, r.correlation_id, r.idempotency_key,
               r.attempts, r.first_attempt_at, r.completed_at
        FROM bulkrefunds.release_run_row t
        JOIN bulkrefunds.manifest_row r ON r.manifest_id = t.manifest_id AND r.line_number = t.line_number
        JOIN bulkrefunds.manifest m ON m.manifest_id = t.manifest_id
        WHERE t.run_id = @RunId
        ORDER BY m.uploaded_at, r.manifest_id, r.line_number
        """;

    public async Task<IReadOnlyList<(string Account, string OrderId)>> RefundedWithoutReleaseAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<(string, string)>(new CommandDefinition(RefundedWithoutReleaseSql, BacklogStore.ServedParameters(accounts), cancellationToken: cancellationToken))];
    }

    public async Task<IReadOnlyList<(Guid ManifestId, int LineNumber, string Account, string OrderId)>> DueReleasesAsync(DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<(Guid, int, string, string)>(new CommandDefinition(DueReleasesSql, BacklogStore.ServedParameters(accounts, new { Today = today }), cancellationToken: cancellationToken))];
    }

    public async Task StartAsync(ReleaseRunRecord run, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(InsertRunSql, run, cancellationToken: cancellationToken));
    }

    /// <summary>Stages release rows whose not_before day has come, as rows of this run; returns their manifests.</summary>
    public async Task<IReadOnlyList<Guid>> StageDueReleasesAsync(Guid runId, DateOnly today, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var served = accounts.Served;
        return [.. await connection.QueryAsync<Guid>(new CommandDefinition(StageDueReleasesSql, new
        {
            RunId = runId,
            Today = today,
            ServedAccounts = served.Select(pair => pair.Account).ToArray(),
            ServedEndpoints = served.Select(pair => pair.Endpoint).ToArray(),
        }, cancellationToken: cancellationToken))];
    }

    public async Task TagManifestAsync(Guid runId, Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(TagManifestSql, new { RunId = runId, ManifestId = manifestId }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<Guid>> RunsOfManifestAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return [.. await connection.QueryAsync<Guid>(new CommandDefinition(RunsOfManifestSql, new { ManifestId = manifestId }, cancellationToken: cancellationToken))];
    }

    public async Task<ReleaseRunRecord?> FindAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ReleaseRunRecord>(new CommandDefinition(FindRunSql, new { RunId = runId }, cancellationToken: cancellationToken));
    }

    public async Task<int> CountOpenAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(CountOpenSql,
            new { RunId = runId, Open = RowStateText.Of(RowStates.Open) }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<ReleaseRunRow>> ReadRowsAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(RowsSql, new { RunId = runId }, cancellationToken: cancellationToken));
        var rows = new List<ReleaseRunRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(new StoredColumns(reader)));
        }

        return rows;
    }

    // Built by hand, not by Dapper: see StoredColumns.
    private static ReleaseRunRow Read(StoredColumns row) => new(
        row.Value<Guid>("manifest_id"), row.Value<string>("file_name"), row.Value<int>("line_number"), row.Value<string>("account"),
        row.Value<string>("order_id"), row.Text("reference"), row.State("state"), row.Nullable<int>("http_status"), row.Text("error_code"),
        row.Text("error_message"), row.Text("correlation_id"), row.Value<Guid>("idempotency_key"), row.Value<int>("attempts"),
        row.Nullable<DateTime>("first_attempt_at"), row.Nullable<DateTime>("completed_at"));
}

/// <summary>One run of the release sweep.</summary>
public sealed record ReleaseRunRecord(Guid RunId, DateTime StartedAt, string ReleaseDay, string StartedBy);

/// <summary>A release row of a run and how it ended.</summary>
public sealed record ReleaseRunRow(
    Guid ManifestId, string FileName, int LineNumber, string Account, string OrderId, string? Reference, RowState State,
    int? HttpStatus, string? ErrorCode, string? ErrorMessage, string? CorrelationId, Guid IdempotencyKey, int Attempts,
    DateTime? FirstAttemptAt, DateTime? CompletedAt);
