using System.Globalization;

namespace BulkRefunds.Inbox;

/// <summary>
/// Inside <c>.processing/</c> every claim is a folder named by its claim time, holding the file under the name it was
/// dropped with. A rename keeps the file's own times, so the folder is what tells a later run how old a claim is, and
/// the manifest (and its report) keep the name finance gave the file. Each claim gets a folder of its own (a random
/// suffix after the time), so one run emptying and removing its folder can never pull a folder from under another.
/// </summary>
internal static class ClaimFolder
{
    private const string Format = "yyyyMMdd'T'HHmmssfff'Z'"; // 20260105T101500123Z

    public static string Name(DateTimeOffset claimedAt) =>
        $"{claimedAt.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";

    public static bool TryParse(string name, out DateTimeOffset claimedAt) =>
        DateTimeOffset.TryParseExact(name.Split('-')[0], Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out claimedAt);
}
