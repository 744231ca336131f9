using System.Runtime.CompilerServices;
using System.Text.Unicode;
using CsvHelper;

namespace BulkRefunds.Manifests;

/// <summary>
/// Streams a CSV manifest into validated rows. Row problems become data on the row (the file goes on);
/// problems with the file as a whole throw <see cref="ManifestRejectedException"/>.
/// </summary>
public sealed class ManifestReader(ManifestLimits limits, IReadOnlySet<string> accounts)
{
    public const string DefaultAccount = "default";

    private const string ReExport =
        "Re-export it from Excel with 'Save As → CSV UTF-8 (Comma delimited)' (or from your ERP as UTF-8) and upload it again.";

    public async IAsyncEnumerable<ManifestRow> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await RejectKnownNonCsvAsync(stream, cancellationToken);
        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = CsvReaderOptions.Default with
        {
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            OnMalformedRecord = record => malformed.TryAdd(record.LineNumber, record.Reason),
            MaxRecordSize = 1024 * 1024,
            // Repeated values (currency, account, description) share one string instead of one per row.
            PoolStrings = true,
        };
        using var csv = CsvReader.Create(stream, options, leaveOpen: true);
        await csv.ReadHeaderAsync(cancellationToken);
        if (csv.Headers.Any(name => name.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            throw new ManifestRejectedException($"The file is not UTF-8 text (its header has characters that are not valid UTF-8). {ReExport}");
        }

        var header = ManifestHeader.Parse(csv.Headers);
        // About 60 bytes a row in real manifests; a guess that is too small only costs a resize.
        var duplicates = new DuplicateTracker(stream.CanSeek ? (int)Math.Min(limits.MaxRows, stream.Length / 48) : 0);
        var validator = new ManifestRowValidator(header, limits, accounts);
        var rows = 0;
        while (await csv.ReadAsync(cancellationToken))
        {
            var line = checked((int)csv.LineNumber);
            if (!Utf8.IsValid(csv.RawRecord))
            {
                throw new ManifestRejectedException(
                    $"The file is not UTF-8 text: line {line} has bytes that are not valid UTF-8 (perhaps Windows-1252 from Excel). {ReExport}");
            }

            if (++rows > limits.MaxRows)
            {
                throw new ManifestRejectedException($"The file has more than {limits.MaxRows:N0} rows, the limit for one manifest. Split it into smaller files.");
            }

            var quoting = malformed.Count > 0 && malformed.Remove(csv.LineNumber, out var reason)
                ? $"the line has broken quoting ({Describe(reason)}); quote a field that contains commas, quotes or line breaks and double any quote inside it"
                : null;
            var row = validator.Validate(csv, line, quoting);
            yield return duplicates.Check(row) is { } original ? row with { DuplicateOfLine = original } : row;
        }

        if (rows == 0)
        {
            throw new ManifestRejectedException("The file has a header but no rows to refund.");
        }
    }

    private static async Task RejectKnownNonCsvAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (!stream.CanSeek)
        {
            return;
        }

        var start = stream.Position;
        var magic = new byte[4];
        var read = await stream.ReadAtLeastAsync(magic, magic.Length, throwOnEndOfStream: false, cancellationToken);
        stream.Position = start;
        if (read == 0)
        {
            throw new ManifestRejectedException("The file is empty: it needs a header line such as 'order_id,currency,amount,reference'.");
        }

        if (read == 4 && magic is [(byte)'P', (byte)'K', 3, 4])
        {
            throw new ManifestRejectedException($"This is an Excel workbook (or another zip file), not a CSV file. {ReExport}");
        }

        if (read >= 2 && magic is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..])
        {
            throw new ManifestRejectedException($"The file is UTF-16 text, not UTF-8. {ReExport}");
        }
    }

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after a closing quote",
        CsvMalformedReason.UnterminatedQuote => "a quote that is never closed",
        _ => "malformed quoting",
    };
}
