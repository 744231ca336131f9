using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace BulkRefunds.Manifests;

/// <summary>
/// Finds rows that repeat an earlier row of the same file by business key (account, action, order_id, reference,
/// amount) while the file streams past. Keys are kept as 128-bit hashes, so a million rows cost about 40 MB, and a
/// collision (odds around 1 in 10^26 per file) could at worst hold back a row as a duplicate that a person reviews.
/// </summary>
internal sealed class DuplicateTracker(int expectedRows)
{
    // Sized up front: growing by doubling would briefly hold two tables, the peak that the memory goal is about.
    private readonly Dictionary<UInt128, int> firstLine = new(expectedRows);
    private readonly XxHash128 hash = new();

    /// <summary>The line of the earlier row this one repeats, or null. Rows without a reference and rows with
    /// order lines are not compared: two identical unreferenced refunds may be two returns.</summary>
    public int? Check(ManifestRow row)
    {
        if (!row.IsValid || row.HasLine || (row.Action == ManifestAction.Refund && row.Reference is null))
        {
            return null;
        }

        // Valid text has no control characters, so NUL separates the parts unambiguously; numbers are fixed width.
        hash.Reset();
        Append(row.Account);
        Append(row.Action == ManifestAction.Refund ? "\0refund\0" : "\0release\0");
        Append(row.OrderId);
        if (row.Action == ManifestAction.Refund)
        {
            Append("\0");
            Append(row.Reference);
            Span<long> amounts = [row.AmountMinor ?? -1, row.ReturnFeeMinor ?? -1];
            hash.Append(MemoryMarshal.AsBytes(amounts));
        }

        var key = hash.GetCurrentHashAsUInt128();
        if (firstLine.TryGetValue(key, out var line))
        {
            return line;
        }

        firstLine.Add(key, row.LineNumber);
        return null;
    }

    private void Append(string? text) => hash.Append(MemoryMarshal.AsBytes(text.AsSpan()));
}
