namespace BulkRefunds.KlarnaSimulator.Rules;

/// <summary>Sums order-line totals without overflow (line totals have no lower bound in the spec).</summary>
internal static class LineTotals
{
    public static Int128 Sum(IReadOnlyList<SimulatedOrderLine> lines)
    {
        Int128 total = 0;
        foreach (var line in lines)
        {
            total += line.TotalAmount ?? 0;
        }

        return total;
    }
}
