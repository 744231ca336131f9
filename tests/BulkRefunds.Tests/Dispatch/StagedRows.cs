using BulkRefunds.Staging;
using Dapper;
using Npgsql;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// Reads our own row state. Only for preconditions (where a crash left a row) and for timing detail the ledger does
/// not hold; whether a row was refunded once is always asserted on Klarna's ledger.
/// </summary>
internal static class StagedRows
{
    public static async Task<string> StateAsync(string connectionString, string orderId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.QuerySingleAsync<string>(
            "SELECT state FROM bulkrefunds.manifest_row WHERE order_id = @OrderId", new { OrderId = orderId });
    }

    public static async Task<int> CountAsync(string connectionString, RowState state)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        return await connection.ExecuteScalarAsync<int>(
            "SELECT count(*)::int FROM bulkrefunds.manifest_row WHERE state = @State", new { State = RowStateText.Of(state) });
    }

    /// <summary>The row's HTTP attempts in the order they were made.</summary>
    public static async Task<IReadOnlyList<(DateTime AttemptedAt, int? HttpStatus)>> AttemptsAsync(string connectionString, string orderId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var attempts = await connection.QueryAsync<(DateTime, int?)>("""
            SELECT a.attempted_at, a.http_status
            FROM bulkrefunds.row_attempt a JOIN bulkrefunds.manifest_row r ON r.row_id = a.row_id
            WHERE r.order_id = @OrderId
            ORDER BY a.attempted_at, a.attempt_id
            """, new { OrderId = orderId });
        return [.. attempts];
    }

    /// <summary>The key each of the row's HTTP attempts was sent with, and its outcome, in the order they were made.</summary>
    public static async Task<IReadOnlyList<(Guid Key, string Outcome)>> AttemptKeysAsync(string connectionString, string orderId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        var attempts = await connection.QueryAsync<(Guid, string)>("""
            SELECT a.idempotency_key, a.outcome
            FROM bulkrefunds.row_attempt a JOIN bulkrefunds.manifest_row r ON r.row_id = a.row_id
            WHERE r.order_id = @OrderId
            ORDER BY a.attempted_at, a.attempt_id
            """, new { OrderId = orderId });
        return [.. attempts];
    }
}
