using System.Text;

namespace BulkRefunds.Tests.Manifests.Fuzz;

/// <summary>One damage done to a manifest's bytes at <paramref name="Position"/> (taken modulo the length).</summary>
/// <param name="Value">The XOR mask of a flipped byte, the index of an insertion or an encoding, or a huge field's length.</param>
public sealed record ManifestMutation(MutationKind Kind, int Position, int Value)
{
    /// <summary>What may be inserted: the pieces of CSV syntax, invisible characters, bytes that are not UTF-8.</summary>
    public static IReadOnlyList<byte[]> Insertions { get; } =
    [
        "\""u8.ToArray(), "\"\""u8.ToArray(), ","u8.ToArray(), ";"u8.ToArray(), "\t"u8.ToArray(), "\n"u8.ToArray(), "\r"u8.ToArray(),
        "\r\n"u8.ToArray(), "\0"u8.ToArray(), "\u202E"u8.ToArray(), "\u200B"u8.ToArray(), "\u2066"u8.ToArray(), [0xEF, 0xBB, 0xBF], [0xFF], [0xC3], [0xE9],
        "\"\n\""u8.ToArray(), "sep=;\n"u8.ToArray(), "=HYPERLINK(\"x\")"u8.ToArray(),
    ];

    public static IReadOnlyList<string> Encodings { get; } = ["utf-16le", "utf-16be", "utf-16le+bom", "utf-32le", "utf-32be+bom", "windows-1252", "two-boms", "utf-8+bom"];

    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;

    /// <summary>The damaged bytes, and the offset of the first byte that differs from the original (the region before it is untouched).</summary>
    public (byte[] Bytes, int FirstTouched) Apply(byte[] original)
    {
        var at = original.Length == 0 ? 0 : Position % original.Length;
        return Kind switch
        {
            MutationKind.FlipByte => ([.. original[..at], (byte)(original[at] ^ Value), .. original[(at + 1)..]], at),
            MutationKind.Insert => ([.. original[..at], .. Insertions[Value % Insertions.Count], .. original[at..]], at),
            MutationKind.Truncate => (original[..at], at),
            MutationKind.HugeField => ([.. original[..at], .. Enumerable.Repeat((byte)'x', Value), .. original[at..]], at),
            _ => (Reencode(Encoding.UTF8.GetString(original), Encodings[Value % Encodings.Count]), 0),
        };
    }

    public override string ToString() => Kind switch
    {
        MutationKind.Insert => $"{Kind} at {Position}: {Convert.ToHexString(Insertions[Value % Insertions.Count])}",
        MutationKind.Reencode => $"{Kind}: {Encodings[Value % Encodings.Count]}",
        _ => $"{Kind} at {Position} (modulo the length): {Value}",
    };

    private static byte[] Reencode(string text, string encoding) => encoding switch
    {
        "utf-16le" => Encoding.Unicode.GetBytes(text),
        "utf-16be" => Encoding.BigEndianUnicode.GetBytes(text),
        "utf-16le+bom" => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
        "utf-32le" => Encoding.UTF32.GetBytes(text),
        "utf-32be+bom" => [0, 0, 0xFE, 0xFF, .. new UTF32Encoding(bigEndian: true, byteOrderMark: false).GetBytes(text)],
        "windows-1252" => Windows1252.GetBytes(text.Replace("Shoes", "Schuhe für Herren", StringComparison.Ordinal)),
        "two-boms" => [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
        _ => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
    };
}
