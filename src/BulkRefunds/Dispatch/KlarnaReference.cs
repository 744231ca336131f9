namespace BulkRefunds.Dispatch;

/// <summary>
/// The <c>reference</c> sent with a refund: the manifest's own reference (the RMA) plus a tag naming the row,
/// so Klarna's settlement files and GET order both lead back to exactly one manifest row.
/// </summary>
public static partial class KlarnaReference
{
    private const int MaxLength = 255;

    public static string For(Guid manifestId, int lineNumber, string? reference)
    {
        var tag = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"BR-{manifestId.ToString("N")[..12]}-L{lineNumber}");
        if (string.IsNullOrEmpty(reference))
        {
            return tag;
        }

        var room = MaxLength - tag.Length - 1;
        return $"{(reference.Length > room ? reference[..room] : reference)} {tag}";
    }

    /// <summary>True when a refund's reference carries a row tag, i.e. it was sent by BulkRefunds for a known row.</summary>
    public static bool IsTagged(string? reference) => reference is not null && Tag().IsMatch(reference);

    [System.Text.RegularExpressions.GeneratedRegex(@"(^| )BR-[0-9a-f]{12}-L[0-9]+$")]
    private static partial System.Text.RegularExpressions.Regex Tag();
}
