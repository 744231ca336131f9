namespace BulkRefunds.Manifests;

/// <summary>Where each known column sits in the file; -1 when the file does not have it.</summary>
internal sealed record ManifestHeader(
    int Count, int Action, int OrderId, int Account, int Currency, int Amount, int RefundedAmount, int Reference, int Description)
{
    public static ManifestHeader Parse(IReadOnlyList<string> names)
    {
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

        var header = new ManifestHeader(normalized.Count,
            normalized.IndexOf(ManifestColumns.Action), normalized.IndexOf(ManifestColumns.OrderId),
            normalized.IndexOf(ManifestColumns.Account), normalized.IndexOf(ManifestColumns.Currency),
            normalized.IndexOf(ManifestColumns.Amount), normalized.IndexOf(ManifestColumns.RefundedAmount),
            normalized.IndexOf(ManifestColumns.Reference), normalized.IndexOf(ManifestColumns.Description));
        if (header.OrderId < 0 || (header.Amount < 0 && header.RefundedAmount < 0))
        {
            throw new ManifestRejectedException(
                "The header must have an 'order_id' column and an amount column ('amount' in major units such as 95.00, " +
                $"or 'refunded_amount' in minor units such as 9500). Found: {Quote(normalized)}.");
        }

        return header;
    }

    private static string Quote(IEnumerable<string> names) => string.Join(", ", names.Select(name => $"'{name}'"));
}
