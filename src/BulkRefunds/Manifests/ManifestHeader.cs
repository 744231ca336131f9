namespace BulkRefunds.Manifests;

/// <summary>Where each column sits in the file (by normalised name), and in which unit the file writes amounts.</summary>
internal sealed class ManifestHeader
{
    private readonly Dictionary<string, int> positions;

    private ManifestHeader(List<string> names)
    {
        Count = names.Count;
        positions = names.Select((name, index) => (name, index)).ToDictionary(pair => pair.name, pair => pair.index, StringComparer.Ordinal);
        // A file that names refunded_amount and not amount writes every amount (lines, return fee) in minor units.
        MinorUnits = Has(ManifestColumns.RefundedAmount) && !Has(ManifestColumns.Amount);
    }

    public int Count { get; }

    public bool MinorUnits { get; }

    public int this[string column] => positions.GetValueOrDefault(column, -1);

    public bool Has(string column) => positions.ContainsKey(column);

    public static ManifestHeader Parse(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (InvisibleCharacters.IndexOf(name) is var index and >= 0)
            {
                throw new ManifestRejectedException(
                    $"The header has {InvisibleCharacters.Describe(name[index])} in the column name " +
                    $"'{new string([.. name.Where(c => !InvisibleCharacters.IsInvisible(c))])}', so the name does not match though it looks right. {ManifestEncoding.ReExport}");
            }
        }

        var normalized = names.Select(name => name.Trim().ToLowerInvariant()).ToList();
        if (normalized.Count == 0 || normalized.All(name => name.Length == 0))
        {
            throw new ManifestRejectedException("The file is empty: it needs a header line such as 'order_id,currency,amount,reference'.");
        }

        var unknown = normalized.Where(name => !ManifestColumns.All.Contains(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new ManifestRejectedException(
                $"The header has unknown column(s): {Quote(unknown)}. Known columns are: {string.Join(", ", ManifestColumns.All)}. " +
                "Is this a return manifest, and is the first line the header?");
        }

        var duplicates = normalized.GroupBy(name => name).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new ManifestRejectedException($"The header names these columns more than once: {Quote(duplicates)}.");
        }

        var header = new ManifestHeader(normalized);
        var hasAmount = header.Has(ManifestColumns.Amount) || header.Has(ManifestColumns.RefundedAmount)
            || header.Has(ManifestColumns.LineUnitPrice) || header.Has(ManifestColumns.Action);
        if (!header.Has(ManifestColumns.OrderId) || !hasAmount)
        {
            throw new ManifestRejectedException(
                "The header must have an 'order_id' column and an amount column ('amount' in major units such as 95.00, " +
                $"or 'refunded_amount' in minor units such as 9500). Found: {Quote(normalized)}.");
        }

        return header;
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(name => $"'{name}'"));
}
