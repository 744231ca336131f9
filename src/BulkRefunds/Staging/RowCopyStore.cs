using BulkRefunds.Manifests;
using Npgsql;
using NpgsqlTypes;

namespace BulkRefunds.Staging;

/// <summary>
/// Writes validated manifest rows into <c>bulkrefunds.manifest_row</c> with binary COPY, and their order lines into
/// <c>bulkrefunds.manifest_order_line</c> (<see cref="OrderLineCopyStore"/>), so a row without a line copies no line columns.
/// </summary>
internal static class RowCopyStore
{
    public const string NoReferenceNote = "no reference: not protected against the same return in another file";

    private const string CopySql = """
        COPY bulkrefunds.manifest_row
            (manifest_id, line_number, account, action, order_id, currency, amount_minor, reference, description,
             problems, state, idempotency_key, has_line, not_before, return_fee_minor, note, duplicate_of)
        FROM STDIN (FORMAT BINARY)
        """;

    /// <summary>
    /// Copies the rows; returns how many, whether any had order lines (so line rules must run) and how many were
    /// copied in each state (exact unless a rule changes states afterwards). A release whose <c>not_before</c> is
    /// after <paramref name="today"/> is copied as scheduled.
    /// </summary>
    public static async Task<CopiedRows> CopyAsync(
        NpgsqlConnection connection, ManifestRecord manifest, IAsyncEnumerable<ManifestRow> rows, DateOnly today, CancellationToken cancellationToken)
    {
        var count = 0;
        var hasLines = false;
        var byState = new Dictionary<RowState, int>();
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        string? lastAccount = null;
        var keyOf = IdempotencyKeys.ForManifest(manifest.Sha256);
        var lines = new OrderLineCopyStore(connection, manifest.ManifestId);
        var writer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken);
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                count++;
                hasLines |= row.HasLine;
                var state = State(row, today);
                byState[state] = byState.GetValueOrDefault(state) + 1;
                // The reader shares one string per repeated value, so most rows skip the hash.
                if (state != RowState.Invalid && !ReferenceEquals(row.Account, lastAccount))
                {
                    accounts.Add(row.Account);
                    lastAccount = row.Account;
                }

                // Synchronous writes: they only fill Npgsql's buffer, which is flushed as it fills.
                WriteRow(writer, manifest.ManifestId, row, state, keyOf(row.LineNumber));
                if (row.Line is { } line && lines.Add(row.LineNumber, line))
                {
                    // One COPY at a time per connection: the rows so far are finished so their lines (which
                    // reference them) can be written, then the rows go on in a new COPY.
                    await writer.CompleteAsync(cancellationToken);
                    await writer.DisposeAsync();
                    await lines.FlushAsync(cancellationToken);
                    writer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken);
                }
            }

            await writer.CompleteAsync(cancellationToken);
        }
        finally
        {
            await writer.DisposeAsync();
        }

        await lines.FlushAsync(cancellationToken);
        return new CopiedRows(count, hasLines, byState, accounts);
    }

    // A row with an order line waits for its group (ImportRulesStore) to decide which row carries the refund. A release
    // with a future not_before is not sent by this manifest's dispatch; the release sweep stages it on that day.
    private static RowState State(ManifestRow row, DateOnly today) =>
        !row.IsValid ? RowState.Invalid
        : row.Line is not null ? RowState.OrderLine
        : row.DuplicateOfLine is not null ? RowState.Duplicate
        : row.Action == ManifestAction.Release && row.NotBefore > today ? RowState.Scheduled
        : RowState.Staged;

    private static void WriteRow(NpgsqlBinaryImporter writer, Guid manifestId, ManifestRow row, RowState state, Guid idempotencyKey)
    {
        writer.StartRow();
        writer.Write(manifestId, NpgsqlDbType.Uuid);
        writer.Write(row.LineNumber, NpgsqlDbType.Integer);
        writer.Write(row.Account, NpgsqlDbType.Text);
        writer.Write(ManifestActionText.Of(row.Action), NpgsqlDbType.Text);
        writer.Write(row.OrderId, NpgsqlDbType.Text);
        Text(writer, row.Currency);
        Number(writer, row.AmountMinor);
        Text(writer, row.Reference);
        Text(writer, row.Description);
        Text(writer, row.IsValid ? null : string.Join("; ", row.Messages));
        writer.Write(RowStateText.Of(state), NpgsqlDbType.Text);
        writer.Write(idempotencyKey, NpgsqlDbType.Uuid);
        writer.Write(row.HasLine, NpgsqlDbType.Boolean);
        if (row.NotBefore is { } notBefore)
        {
            writer.Write(notBefore, NpgsqlDbType.Date);
        }
        else
        {
            writer.WriteNull();
        }

        Number(writer, row.ReturnFeeMinor);
        Text(writer, row.Action == ManifestAction.Refund && row.Reference is null ? NoReferenceNote : null);
        Text(writer, row.DuplicateOfLine is { } original ? $"line {original} of this file" : null);
    }

    internal static void Number(NpgsqlBinaryImporter writer, long? value)
    {
        if (value is { } number)
        {
            writer.Write(number, NpgsqlDbType.Bigint);
        }
        else
        {
            writer.WriteNull();
        }
    }

    internal static void Text(NpgsqlBinaryImporter writer, string? value)
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
