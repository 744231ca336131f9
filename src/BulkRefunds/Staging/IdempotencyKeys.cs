using System.Security.Cryptography;
using System.Text;

namespace BulkRefunds.Staging;

/// <summary>
/// Name-based (RFC 9562 version 5) keys: the same manifest bytes and line always give the same key, so a row
/// staged again after a crash can never get a second key, and Klarna deduplicates every resend of it.
/// </summary>
public static class IdempotencyKeys
{
    private static readonly Guid Namespace = new("0d5b7c4e-2f0a-4f57-9a54-6a1c2f8e9b31");

    public static Guid ForRow(string manifestSha256, int lineNumber) =>
        Version5(Namespace, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{manifestSha256}:{lineNumber}"));

    /// <summary>
    /// <see cref="ForRow"/> for every line of one manifest without a string per row: the namespace and the
    /// "sha256:" prefix are encoded once, the line number is formatted into the same buffer.
    /// </summary>
    public static Func<int, Guid> ForManifest(string manifestSha256)
    {
        var prefix = new byte[16 + Encoding.UTF8.GetByteCount(manifestSha256) + 1];
        Namespace.TryWriteBytes(prefix, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(manifestSha256, prefix.AsSpan(16));
        prefix[^1] = (byte)':';
        return lineNumber =>
        {
            Span<byte> input = stackalloc byte[prefix.Length + 11];
            prefix.CopyTo(input);
            lineNumber.TryFormat(input[prefix.Length..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
            return FromHash(input[..(prefix.Length + written)]);
        };
    }

    /// <summary>
    /// The key of a row's next attempt after Klarna's window for <paramref name="previous"/> has passed and the order
    /// proved it was never applied; derived, so a worker that dies before storing it would derive the same one.
    /// </summary>
    public static Guid Next(Guid previous) => Version5(Namespace, $"{previous:D}:next");

    public static Guid Version5(Guid namespaceId, string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(name, input[16..]);
        return FromHash(input[..length]);
    }

    // RFC 9562 §5.5: SHA-1 of namespace + name, version and variant bits set.
    private static Guid FromHash(ReadOnlySpan<byte> input)
    {
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
