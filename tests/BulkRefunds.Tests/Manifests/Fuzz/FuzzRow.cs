using System.Globalization;

namespace BulkRefunds.Tests.Manifests.Fuzz;

/// <summary>One valid row of a fuzzed manifest, starting on <paramref name="LineNumber"/>: order <c>A-Index</c>.</summary>
public sealed record FuzzRow(int Index, int LineNumber, string Currency, long AmountMinor, string Description)
{
    /// <summary>The line the row ends on: a quoted description may hold a line break.</summary>
    public int LastLine => LineNumber + Description.Count(c => c == '\n');

    public string OrderId => $"A-{Index}";

    public string Reference => $"RMA-{Index}";

    public string Csv => string.Create(CultureInfo.InvariantCulture, $"{OrderId},{Currency},{AmountMinor / 100}.{AmountMinor % 100:00},{Reference},{Description}");
}
