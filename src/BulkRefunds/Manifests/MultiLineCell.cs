namespace BulkRefunds.Manifests;

/// <summary>Excel's cell with several lines (Alt+Enter): a quoted CSV field holding CRLF, LF or CR.</summary>
internal static class MultiLineCell
{
    /// <summary>
    /// An Excel cell with several lines as one line: each run of line breaks and tabs, with the spaces around it, becomes one
    /// space (CRLF and a blank line between paragraphs alike), so the customer never sees a gap of several spaces.
    /// </summary>
    public static string Join(string text)
    {
        if (text.AsSpan().IndexOfAny('\r', '\n', '\t') < 0)
        {
            return text;
        }

        var joined = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\r' or '\n' or '\t'))
            {
                joined.Append(text[i]);
                continue;
            }

            while (joined.Length > 0 && joined[^1] == ' ')
            {
                joined.Length--;
            }

            while (i + 1 < text.Length && text[i + 1] is ' ' or '\r' or '\n' or '\t')
            {
                i++;
            }

            joined.Append(' ');
        }

        return joined.ToString().Trim();
    }
}
