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
    /// The key of a row's next attempt after Klarna's window for <paramref name="previous"/> has passed and the order
    /// proved it was never applied; derived, so a worker that dies before storing it would derive the same one.
    /// </summary>
    public static Guid Next(Guid previous) => Version5(Namespace, $"{previous:D}:next");

    public static Guid Version5(Guid namespaceId, string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input[..length], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
