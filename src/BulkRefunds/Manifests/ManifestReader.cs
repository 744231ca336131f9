using System.Globalization;
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

    public async IAsyncEnumerable<ManifestRow> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await RejectKnownNonCsvAsync(stream, cancellationToken);
        var malformed = new Dictionary<long, CsvMalformedReason>();
        var options = CsvReaderOptions.Default with
        {
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            OnMalformedRecord = record => malformed.TryAdd(record.LineNumber, record.Reason),
            // A record past this size rejects the file (RecordTooLong): CsvHelper cannot skip it and read on.
            MaxRecordSize = limits.MaxRecordBytes,
            // Repeated values (currency, account, description) share one string instead of one per row.
            PoolStrings = true,
        };
        using var csv = CsvReader.Create(stream, options, leaveOpen: true);
        await ReadHeaderAsync(csv, cancellationToken);
        if (csv.Headers.Any(name => name.Contains('\uFFFD', StringComparison.Ordinal)))
        {
            throw new ManifestRejectedException($"The file is not UTF-8 text (its header has characters that are not valid UTF-8). {ManifestEncoding.ReExport}");
        }

        var header = ManifestHeader.Parse(csv.Headers);
        // About 60 bytes a row in real manifests; a guess that is too small only costs a resize.
        var duplicates = new DuplicateTracker(stream.CanSeek ? (int)Math.Min(limits.MaxRows, stream.Length / 48) : 0);
        var validator = new ManifestRowValidator(header, limits, accounts);
        var rows = 0;
        while (await NextAsync(csv, cancellationToken))
        {
            var line = checked((int)csv.LineNumber);
            if (!Utf8.IsValid(csv.RawRecord))
            {
                throw new ManifestRejectedException(ManifestEncoding.NotUtf8(csv.RawRecord, line));
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

    private async Task ReadHeaderAsync(CsvReader csv, CancellationToken cancellationToken)
    {
        try
        {
            await csv.ReadHeaderAsync(cancellationToken);
        }
        catch (CsvFormatException tooLong)
        {
            throw RecordTooLong(tooLong);
        }
    }

    private async ValueTask<bool> NextAsync(CsvReader csv, CancellationToken cancellationToken)
    {
        try
        {
            return await csv.ReadAsync(cancellationToken);
        }
        catch (CsvFormatException tooLong)
        {
            throw RecordTooLong(tooLong);
        }
    }

    // With malformed data recovered and field counts allowed, the only CsvFormatException left is a record over MaxRecordSize.
    private ManifestRejectedException RecordTooLong(CsvFormatException exception) => new(string.Create(CultureInfo.InvariantCulture,
        $"Line {exception.LineNumber} is longer than {limits.MaxRecordBytes:N0} bytes, the most one row may take (a text column holds at most {limits.MaxFieldLength:N0} characters): a field holds far more text than a manifest needs, or a quote is never closed. Correct that line and upload the file again."));

    private static async Task RejectKnownNonCsvAsync(Stream stream, CancellationToken cancellationToken)
    {
        if (!stream.CanSeek)
        {
            return;
        }

        var position = stream.Position;
        var start = new byte[ManifestEncoding.SniffBytes];
        var read = await stream.ReadAtLeastAsync(start, start.Length, throwOnEndOfStream: false, cancellationToken);
        stream.Position = position;
        if (ManifestEncoding.Sniff(start.AsSpan(0, read)) is { } rejection)
        {
            throw new ManifestRejectedException(rejection);
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
