using System.Globalization;
using System.Text;

namespace BulkRefunds.Benchmarks;

/// <summary>Writes a realistic manifest of N rows (UUID order ids, decimal amounts, RMA references, descriptions).</summary>
public static class ManifestGenerator
{
    private static readonly string[] Currencies = ["EUR", "SEK", "NOK", "DKK", "GBP", "USD", "PLN", "CHF"];
    private static readonly string[] Items = ["Running shoes", "Winter jacket", "T-shirt, size M", "Backpack", "Wool sweater", "Sunglasses"];

    /// <summary>Seed 0 is the import benchmark's file; other seeds give other order ids (another manifest, not a repeat).</summary>
    public static string Write(string folder, int rows, int seed = 0)
    {
        var path = Path.Combine(folder, seed == 0 ? $"manifest-{rows}.csv" : $"manifest-{rows}-{seed}.csv");
        if (File.Exists(path))
        {
            return path;
        }

        var random = new Random(rows + (seed * 7919));
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 20);
        writer.Write("order_id,currency,amount,reference,description\n");
        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < rows; i++)
        {
            random.NextBytes(bytes);
            var amount = random.Next(100, 2_000_000);
            var item = Items[i % Items.Length];
            writer.Write(string.Create(CultureInfo.InvariantCulture,
                $"{new Guid(bytes)},{Currencies[i % Currencies.Length]},{amount / 100}.{amount % 100:00},RMA-{i + 1:D8},{(item.Contains(',', StringComparison.Ordinal) ? $"\"{item}\"" : item)}\n"));
        }

        return path;
    }
}
