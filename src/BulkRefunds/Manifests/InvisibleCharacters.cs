using System.Globalization;

namespace BulkRefunds.Manifests;

/// <summary>
/// Characters a text column refuses because a reader cannot see them: control characters, and format characters such as
/// the bidirectional overrides (U+202E makes "gpj.exe" display as "exe.jpg"), zero-width spaces and stray byte order marks.
/// In a report or on Klarna's side they make a cell read differently from what it holds.
/// </summary>
internal static class InvisibleCharacters
{
    /// <summary>The index of the first invisible character, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<char> text)
    {
        // Nearly every value is printable ASCII: one vectorised scan, and the loop below only for the rest.
        var start = text.IndexOfAnyExceptInRange(' ', '~');
        if (start < 0)
        {
            return -1;
        }

        for (var i = start; i < text.Length; i++)
        {
            if (IsInvisible(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The problem of a value that holds an invisible character, naming the first one; null when it has none.</summary>
    public static string? Problem(string column, ReadOnlySpan<char> value)
    {
        var index = IndexOf(value);
        if (index < 0)
        {
            return null;
        }

        var c = value[index];
        return char.IsControl(c)
            ? $"{column} contains control characters ({Name(c)}); remove them"
            : $"{column} contains {Name(c)}, an invisible character that can make the text read differently from what it holds; remove it";
    }

    /// <summary>
    /// The text with each invisible character replaced by U+FFFD (�), which every reader sees. Tabs and line breaks stay: a
    /// quoted CSV cell shows them as what they are, and the file's own text is worth keeping where it does no harm.
    /// </summary>
    public static string Reveal(string text) =>
        IndexOf(text) < 0 ? text : string.Create(text.Length, text, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                chars[i] = source[i] is not ('\t' or '\r' or '\n') && IsInvisible(source[i]) ? '\uFFFD' : source[i];
            }
        });

    /// <summary>"U+202E RIGHT-TO-LEFT OVERRIDE": the code point and, for the characters met in real files, its Unicode name.</summary>
    public static string Name(char c)
    {
        var code = ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        var name = c switch
        {
            '\0' => "NULL",
            '\t' => "TAB",
            '\n' => "LINE FEED",
            '\r' => "CARRIAGE RETURN",
            '\u00AD' => "SOFT HYPHEN",
            '\u061C' => "ARABIC LETTER MARK",
            '\u200B' => "ZERO WIDTH SPACE",
            '\u200C' => "ZERO WIDTH NON-JOINER",
            '\u200D' => "ZERO WIDTH JOINER",
            '\u200E' => "LEFT-TO-RIGHT MARK",
            '\u200F' => "RIGHT-TO-LEFT MARK",
            '\u2028' => "LINE SEPARATOR",
            '\u2029' => "PARAGRAPH SEPARATOR",
            '\u202A' => "LEFT-TO-RIGHT EMBEDDING",
            '\u202B' => "RIGHT-TO-LEFT EMBEDDING",
            '\u202C' => "POP DIRECTIONAL FORMATTING",
            '\u202D' => "LEFT-TO-RIGHT OVERRIDE",
            '\u202E' => "RIGHT-TO-LEFT OVERRIDE",
            '\u2060' => "WORD JOINER",
            '\u2066' => "LEFT-TO-RIGHT ISOLATE",
            '\u2067' => "RIGHT-TO-LEFT ISOLATE",
            '\u2068' => "FIRST STRONG ISOLATE",
            '\u2069' => "POP DIRECTIONAL ISOLATE",
            '\uFEFF' => "ZERO WIDTH NO-BREAK SPACE (a byte order mark)",
            _ when char.IsControl(c) => "a control character",
            _ => "an invisible formatting character",
        };
        return $"U+{code} {name}";
    }

    public static bool IsInvisible(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
