using BulkRefunds.Database;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BulkRefunds.Tests.Reports;

/// <summary>
/// Manifests of many rows written straight into a migrated database (generate_series, no CSV): order ids, references,
/// refund ids and correlation ids carry the manifest's prefix and the row's number, so a test knows where each lives.
/// Every third row has succeeded (refund id, correlation id, one attempt), every third failed after a 429 and a 400.
/// </summary>
internal static class SeededRows
{
    private const string ManifestSql = """
        INSERT INTO bulkrefunds.manifest (manifest_id, file_name, sha256, size_bytes, uploaded_at, uploaded_by, row_count)
        VALUES (@ManifestId, @FileName, encode(sha256(convert_to(@ManifestId::text, 'UTF8')), 'hex'), 0, now(), 'seed', @Rows);
        INSERT INTO bulkrefunds.manifest_row (manifest_id, line_number, account, action, order_id, currency, amount_minor, reference, state, idempotency_key)
        SELECT @ManifestId, i + 1, 'default', 'refund', @Prefix || '-order-' || i, 'EUR', 100 + i, @Prefix || '-ref-' || i, 'staged', gen_random_uuid()
        FROM generate_series(1, @Rows) i;
        UPDATE bulkrefunds.manifest_row
        SET state = 'succeeded', refund_id = 'refund-' || order_id, correlation_id = 'corr-' || order_id, http_status = 201,
            attempts = 1, completed_at = now()
        WHERE manifest_id = @ManifestId AND line_number % 3 = 0;
        UPDATE bulkrefunds.manifest_row
        SET state = 'failed', error_code = 'REFUND_NOT_ALLOWED', error_message = 'Refund <not> allowed', http_status = 400,
            correlation_id = 'corr-' || order_id, retryable = false, attempts = 2, completed_at = now()
        WHERE manifest_id = @ManifestId AND line_number % 3 = 1;
        INSERT INTO bulkrefunds.row_attempt (row_id, attempted_at, idempotency_key, outcome, http_status, error_code, correlation_id)
        SELECT row_id, now() - interval '1 minute', idempotency_key, 'retryable', 429, 'TOO_MANY_REQUESTS', 'corr-' || order_id || '-throttled'
        FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId AND state = 'failed'
        UNION ALL
        SELECT row_id, now(), idempotency_key, CASE WHEN state = 'failed' THEN 'failed' ELSE 'succeeded' END, http_status, error_code, correlation_id
        FROM bulkrefunds.manifest_row WHERE manifest_id = @ManifestId AND state IN ('failed', 'succeeded');
        """;

    public static async Task<NpgsqlDataSource> MigratedAsync(string connectionString)
    {
        await SchemaMigrator.MigrateAsync(connectionString, NullLogger.Instance, CancellationToken.None);
        DefaultTypeMap.MatchNamesWithUnderscores = true; // as AddDatabase sets it for the stores
        return NpgsqlDataSource.Create(connectionString);
    }

    public static async Task<Guid> AddAsync(NpgsqlDataSource dataSource, string prefix, int rows, string fileName = "returns.csv")
    {
        var manifestId = Guid.CreateVersion7();
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(ManifestSql, new { ManifestId = manifestId, FileName = fileName, Prefix = prefix, Rows = rows }, commandTimeout: 600);
        return manifestId;
    }

    public static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, object? parameters = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, parameters, commandTimeout: 600);
    }
}
