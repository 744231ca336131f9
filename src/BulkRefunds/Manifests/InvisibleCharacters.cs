using System.Globalization;

namespace BulkRefunds.Manifests;

/// <summary>
/// Characters a text column refuses because a reader cannot see them: control characters, and format characters such as
/// the bidirectional overrides (U+202E makes "gpj.exe" display as "exe.jpg"), zero-width spaces and stray byte order marks.
/// In a report or on Klarna's side they make a cell read differently from what it holds.
/// </summary>
public static class InvisibleCharacters
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

    /// <summary>The problem of a value that holds an invisible character, naming the first one in words; null when it has none.</summary>
    public static string? Problem(string column, ReadOnlySpan<char> value)
    {
        var index = IndexOf(value);
        if (index < 0)
        {
            return null;
        }

        var c = value[index];
        return char.IsControl(c)
            ? $"{column} contains {Describe(c)}; remove it"
            : $"{column} contains {Describe(c)}, which can make the text read differently from what it holds; remove it";
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

    /// <summary>The text with each invisible character (tabs and line breaks too) written as <c>&lt;U+202E&gt;</c>: safe on a terminal, one line.</summary>
    public static string Escape(string text)
    {
        if (IndexOf(text) < 0)
        {
            return text;
        }

        var escaped = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = IsInvisible(c) ? escaped.Append(CultureInfo.InvariantCulture, $"<U+{(int)c:X4}>") : escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>
    /// The character in words, as a finance user can act on it: "a line break", "a tab", "the control character U+0007",
    /// "the invisible character U+202E (right-to-left override)" — with the Unicode name of the characters met in real files.
    /// </summary>
    public static string Describe(char c)
    {
        if (c is '\r' or '\n')
        {
            return "a line break";
        }

        if (c == '\t')
        {
            return "a tab";
        }

        var code = ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        var kind = char.IsControl(c) ? "the control character" : "the invisible character";
        return Name(c) is { } name ? $"{kind} U+{code} ({name})" : $"{kind} U+{code}";
    }

    private static string? Name(char c) => c switch
    {
        '\0' => "null",
        '\u00AD' => "soft hyphen",
        '\u061C' => "Arabic letter mark",
        '\u200B' => "zero width space",
        '\u200C' => "zero width non-joiner",
        '\u200D' => "zero width joiner",
        '\u200E' => "left-to-right mark",
        '\u200F' => "right-to-left mark",
        '\u2028' => "line separator",
        '\u2029' => "paragraph separator",
        '\u202A' => "left-to-right embedding",
        '\u202B' => "right-to-left embedding",
        '\u202C' => "pop directional formatting",
        '\u202D' => "left-to-right override",
        '\u202E' => "right-to-left override",
        '\u2060' => "word joiner",
        '\u2066' => "left-to-right isolate",
        '\u2067' => "right-to-left isolate",
        '\u2068' => "first strong isolate",
        '\u2069' => "pop directional isolate",
        '\uFEFF' => "a byte order mark",
        _ => null,
    };

    public static bool IsInvisible(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
