using System.Buffers;
using System.Globalization;
using System.Text;

namespace BulkRefunds.Manifests;

/// <summary>
/// Names why a file is not the UTF-8 text a manifest must be, from its first bytes or from a line that is not UTF-8, in
/// words a finance user can act on. Read as UTF-8, a UTF-16 file shows the right column names with NULs between the
/// letters, and a doubled byte order mark hides inside the first name: the cause must be said, not the symptom.
/// </summary>
internal static class ManifestEncoding
{
    /// <summary>How many bytes of the start of a file <see cref="Sniff"/> looks at.</summary>
    public const int SniffBytes = 512;

    public const string ReExport =
        "Re-export it from Excel with 'Save As → CSV UTF-8 (Comma delimited)' (or from your ERP as UTF-8) and upload it again.";

    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    // Bytes that end a word in a CSV line: separators, quotes, spaces and line breaks.
    private static readonly SearchValues<byte> WordEnds = SearchValues.Create(",;\t| \"\r\n"u8);

    /// <summary>Why a file that starts with these bytes cannot be a manifest, or null when it may be one.</summary>
    public static string? Sniff(ReadOnlySpan<byte> start) => start switch
    {
        [] => "The file is empty: it needs a header line such as 'order_id,currency,amount,reference'.",
        [(byte)'P', (byte)'K', 3, 4, ..] => $"This is an Excel workbook (or another zip file), not a CSV file. {ReExport}",
        [0xFF, 0xFE, 0, 0, ..] or [0, 0, 0xFE, 0xFF, ..] => $"This file is UTF-32 text (it starts with a UTF-32 byte order mark), not UTF-8. {ReExport}",
        [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] => $"This file is UTF-16 text (it starts with a UTF-16 byte order mark), not UTF-8. {ReExport}",
        [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, ..] =>
            $"This file starts with two byte order marks (an invisible mark that an export or an editor added twice), so its first column name does not read as written. {ReExport}",
        _ when ZeroEvery(start, 4) => $"This file looks like UTF-32 (three of every four bytes are zero), not UTF-8. {ReExport}",
        _ when ZeroEvery(start, 2) => $"This file looks like UTF-16 (every other byte is zero), not UTF-8. {ReExport}",
        _ => null,
    };

    /// <summary>The rejection of a file whose line <paramref name="line"/> (its raw bytes) is not valid UTF-8.</summary>
    public static string NotUtf8(ReadOnlySpan<byte> record, int line)
    {
        var bad = FirstInvalid(record);
        // The word around the first bad byte (at most 40 bytes either side), which the user can find in the file.
        var from = Math.Max(record[..bad].LastIndexOfAny(WordEnds) + 1, bad - 40);
        var rest = record[bad..].IndexOfAny(WordEnds);
        var word = record[from..(bad + Math.Min(rest < 0 ? record.Length - bad : rest, 40))];
        var asWindows1252 = new string([.. Windows1252.GetString(word).Select(c => InvisibleCharacters.IsInvisible(c) ? '?' : c)]);
        // Excel's plain "CSV (Comma delimited)" writes Windows-1252: its letters (ü, é, å) and € are bytes that UTF-8 refuses.
        var first = Windows1252.GetString(record.Slice(bad, 1))[0];
        return char.IsLetter(first) || char.GetUnicodeCategory(first) == UnicodeCategory.CurrencySymbol
            ? $"The file is not UTF-8 text: line {line} has '{asWindows1252}' written in Windows-1252 (Excel's plain 'CSV (Comma delimited)'). {ReExport}"
            : $"The file is not UTF-8 text: line {line} has bytes that are not valid UTF-8 (is it a text file?). {ReExport}";
    }

    private static int FirstInvalid(ReadOnlySpan<byte> bytes)
    {
        var position = 0;
        while (position < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[position..], out _, out var consumed) != OperationStatus.Done)
            {
                return position;
            }

            position += consumed;
        }

        return 0;
    }

    // Whether in (nearly) every group of `width` bytes all but the first, or all but the last, byte is zero and that one is not:
    // the pattern of ASCII text in UTF-16 (width 2) or UTF-32 (width 4), little- or big-endian.
    private static bool ZeroEvery(ReadOnlySpan<byte> start, int width)
    {
        var groups = start.Length / width;
        if (groups < 4)
        {
            return false;
        }

        int littleEndian = 0, bigEndian = 0;
        for (var group = 0; group < groups; group++)
        {
            var bytes = start.Slice(group * width, width);
            littleEndian += bytes[0] != 0 && !bytes[1..].ContainsAnyExcept((byte)0) ? 1 : 0;
            bigEndian += bytes[^1] != 0 && !bytes[..^1].ContainsAnyExcept((byte)0) ? 1 : 0;
        }

        return Math.Max(littleEndian, bigEndian) * 10 >= groups * 9;
    }
}
