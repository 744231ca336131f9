using BulkRefunds.Manifests;
using Npgsql;
using NpgsqlTypes;

namespace BulkRefunds.Staging;

/// <summary>Writes validated manifest rows into <c>bulkrefunds.manifest_row</c> with binary COPY.</summary>
internal static class RowCopy
{
    private const string CopySql = """
        COPY bulkrefunds.manifest_row
            (manifest_id, line_number, account, action, order_id, currency, amount_minor, reference, description,
             problems, state, idempotency_key)
        FROM STDIN (FORMAT BINARY)
        """;

    public static async Task<Dictionary<string, int>> CopyAsync(
        NpgsqlConnection connection, ManifestRecord manifest, IAsyncEnumerable<ManifestRow> rows, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var writer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var state = row.IsValid ? RowState.Staged : RowState.Invalid;
            counts[state] = counts.GetValueOrDefault(state) + 1;
            // Synchronous writes: they only fill Npgsql's buffer, which is flushed as it fills.
            writer.StartRow();
            writer.Write(manifest.ManifestId, NpgsqlDbType.Uuid);
            writer.Write(row.LineNumber, NpgsqlDbType.Integer);
            writer.Write(row.Account, NpgsqlDbType.Text);
            writer.Write(row.Action == ManifestAction.Refund ? "refund" : "release", NpgsqlDbType.Text);
            writer.Write(row.OrderId, NpgsqlDbType.Text);
            WriteNullable(writer, row.Currency);
            if (row.AmountMinor is { } amount)
            {
                writer.Write(amount, NpgsqlDbType.Bigint);
            }
            else
            {
                writer.WriteNull();
            }

            WriteNullable(writer, row.Reference);
            WriteNullable(writer, row.Description);
            WriteNullable(writer, row.IsValid ? null : string.Join("; ", row.Problems));
            writer.Write(state, NpgsqlDbType.Text);
            writer.Write(IdempotencyKeys.ForRow(manifest.Sha256, row.LineNumber), NpgsqlDbType.Uuid);
        }

        await writer.CompleteAsync(cancellationToken);
        return counts;
    }

    private static void WriteNullable(NpgsqlBinaryImporter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNull();
        }
        else
        {
            writer.Write(value, NpgsqlDbType.Text);
        }
    }
}
