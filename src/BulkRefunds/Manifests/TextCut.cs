namespace BulkRefunds.Manifests;

/// <summary>Long text cut short for a cell or a terminal, marked with "…".</summary>
public static class TextCut
{
    /// <summary>The first <paramref name="length"/> characters and "…", or the text itself when it is not longer.</summary>
    public static string Truncate(string value, int length)
    {
        if (value.Length <= length)
        {
            return value;
        }

        // Never cut between the two halves of a surrogate pair: a lone half is not UTF-8 and PostgreSQL would refuse it.
        var cut = char.IsHighSurrogate(value[length - 1]) ? length - 1 : length;
        return string.Concat(value.AsSpan(0, cut), "…");
    }
}
