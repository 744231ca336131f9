using System.Globalization;
using System.Text;

namespace BulkRefunds.Benchmarks;

/// <summary>
/// A dispatch benchmark manifest: one EUR refund per order, each row its own order (so no order is refunded twice and
/// every request is independent), amounts in minor units, RMA references.
/// </summary>
public static class RefundManifest
{
    public const string Currency = "EUR";

    /// <summary>Every order is captured for this much, more than any row refunds.</summary>
    public const long CapturedMinor = 100_000;

    public static string OrderId(int index) => string.Create(CultureInfo.InvariantCulture, $"bench-order-{index:D7}");

    /// <param name="first">The index of the first row's order, so that several manifests refund different orders.</param>
    public static string Write(string folder, int rows, int first = 0)
    {
        var path = Path.Combine(folder, first == 0 ? $"dispatch-{rows}.csv" : $"dispatch-{rows}-from-{first}.csv");
        if (File.Exists(path))
        {
            return path;
        }

        var random = new Random(rows);
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary, false, new UTF8Encoding(false), 1 << 20))
        {
            writer.Write("order_id,currency,refunded_amount,reference\n");
            for (var i = first; i < first + rows; i++)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"{OrderId(i)},{Currency},{random.Next(100, 50_000)},RMA-{i + 1:D8}\n"));
            }
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
