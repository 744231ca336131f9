using BulkRefunds.Manifests;
using Npgsql;
using NpgsqlTypes;

namespace BulkRefunds.Staging;

/// <summary>
/// Writes the order lines of copied rows into <c>bulkrefunds.manifest_order_line</c> with a second binary COPY in the
/// import's transaction. A connection runs one COPY at a time and a line references its row, so lines wait here
/// until their rows' COPY is complete; at most <see cref="BatchSize"/> wait, which keeps memory flat in the file size.
/// </summary>
internal sealed class OrderLineCopyStore(NpgsqlConnection connection, Guid manifestId)
{
    public const int BatchSize = 1_000;

    private const string CopySql = """
        COPY bulkrefunds.manifest_order_line
            (manifest_id, line_number, name, reference, type, quantity, unit_price, total_amount, tax_rate, total_tax_amount,
             total_discount_amount)
        FROM STDIN (FORMAT BINARY)
        """;

    private readonly List<(int LineNumber, ManifestLine Line)> pending = [];

    /// <summary>Keeps the line of row <paramref name="lineNumber"/>; returns whether the batch is full (then flush).</summary>
    public bool Add(int lineNumber, ManifestLine line)
    {
        pending.Add((lineNumber, line));
        return pending.Count >= BatchSize;
    }

    /// <summary>Writes the waiting lines; their rows must already be copied.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        await using (var writer = await connection.BeginBinaryImportAsync(CopySql, cancellationToken))
        {
            foreach (var (lineNumber, line) in pending)
            {
                writer.StartRow();
                writer.Write(manifestId, NpgsqlDbType.Uuid);
                writer.Write(lineNumber, NpgsqlDbType.Integer);
                writer.Write(line.Name, NpgsqlDbType.Text);
                RowCopyStore.Text(writer, line.Reference);
                writer.Write(line.Type, NpgsqlDbType.Text);
                writer.Write(line.Quantity, NpgsqlDbType.Bigint);
                writer.Write(line.UnitPrice, NpgsqlDbType.Bigint);
                writer.Write(line.TotalAmount, NpgsqlDbType.Bigint);
                if (line.TaxRate is { } rate)
                {
                    writer.Write(rate, NpgsqlDbType.Integer);
                }
                else
                {
                    writer.WriteNull();
                }

                RowCopyStore.Number(writer, line.TotalTaxAmount);
                writer.Write(line.TotalDiscountAmount, NpgsqlDbType.Bigint);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        pending.Clear();
    }
}
