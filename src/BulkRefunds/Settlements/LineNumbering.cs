using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using BulkRefunds.Klarna;

namespace BulkRefunds.Settlements;

/// <summary>
/// Numbers the transactions of ONE payout, in the order Klarna lists them: the line key is a 64-bit hash of the line's
/// content and the occurrence counts identical lines (two equal fee lines are 1 and 2). Fetching the payout again gives
/// the same keys even if Klarna reorders distinct lines; only identical, interchangeable lines depend on order. Holds
/// one counter per distinct line of the payout (about 40 bytes each), not the lines.
/// </summary>
public sealed class LineNumbering
{
    private readonly Dictionary<long, int> seen = [];

    public SettlementLine Next(KlarnaSettlementTransaction transaction)
    {
        var key = KeyOf(transaction);
        var occurrence = seen[key] = seen.GetValueOrDefault(key) + 1;
        return new SettlementLine(key, occurrence, transaction);
    }

    /// <summary>The content hash: every field we store, each as text, separated by a unit separator (null marked apart from empty).</summary>
    public static long KeyOf(KlarnaSettlementTransaction transaction)
    {
        var text = new StringBuilder();
        foreach (var field in (string?[])[transaction.Type, transaction.DetailedType, transaction.OrderId, transaction.RefundId,
            transaction.MerchantRefundReference, Time(transaction.CaptureDate), Time(transaction.SaleDate),
            transaction.Amount.ToString(CultureInfo.InvariantCulture), transaction.CurrencyCode, transaction.ShortOrderId])
        {
            text.Append(field ?? "\u001e").Append('\u001f');
        }

        return BinaryPrimitives.ReadInt64LittleEndian(XxHash64.Hash(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string? Time(DateTimeOffset? value) => value?.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
