using BulkRefunds.Manifests;
using BulkRefunds.Staging;
using CsvHelper;

namespace BulkRefunds.Reports;

/// <summary>
/// Writes the reconciliation CSV: one line per input row in input order. UTF-8 with BOM so Excel reads it
/// right; text cells that Excel would run as formulas are escaped (OWASP CSV injection), numbers stay numbers.
/// </summary>
public static class ReportWriter
{
    public static readonly string[] Columns =
    [
        "manifest_id", "line_number", "account", "action", "order_id", "reference", "currency", "amount_minor", "amount",
        "status", "refund_id", "location", "http_status", "error_code", "error_message", "correlation_id",
        "idempotency_key", "attempts", "first_attempt_at", "completed_at", "group_line", "return_fee", "note",
        "description",
        // Last, so readers of the older columns by position keep working.
        "settlement_status", "payment_reference", "payout_date",
    ];

    internal static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
        InjectionCharacters = "=+-@\t\r\n",
    };

    /// <summary>The writer settings of every CSV report, with the configured <see cref="ReportOptions.Delimiter"/>.</summary>
    internal static CsvWriterOptions OptionsFor(ReportOptions options) => options.Delimiter is [var separator] && separator != ',' ? Options with { Separator = separator } : Options;

    public static Task<ReportSummary> WriteAsync(Stream output, ManifestRecord manifest, IAsyncEnumerable<RowRecord> rows, CancellationToken cancellationToken) =>
        WriteAsync(output, manifest, rows, new ReportOptions(), cancellationToken);

    public static async Task<ReportSummary> WriteAsync(Stream output, ManifestRecord manifest, IAsyncEnumerable<RowRecord> rows, ReportOptions options,
        CancellationToken cancellationToken)
    {
        var summary = new SummaryBuilder(manifest);
        await using var csv = CsvWriter.Create(output, OptionsFor(options), leaveOpen: true);
        csv.WriteHeader(Columns);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var status = ReportStatus.For(row);
            summary.Add(row, status);
            csv.WriteField(manifest.ManifestId.ToString("D"));
            csv.WriteField(row.LineNumber);
            csv.WriteField(Text(row.Account));
            csv.WriteField(ManifestActionText.Of(row.Action));
            csv.WriteField(Text(row.OrderId));
            csv.WriteField(Text(row.Reference));
            csv.WriteField(Text(row.Currency));
            csv.WriteField(row.AmountMinor);
            WriteMajor(csv, row.AmountMinor, row.Currency);
            csv.WriteField(status);
            csv.WriteField(Text(row.RefundId));
            csv.WriteField(Text(row.Location));
            csv.WriteField(row.HttpStatus);
            csv.WriteField(row.ErrorCode ?? row.State switch { RowState.Invalid => "INVALID_ROW", RowState.Duplicate => "DUPLICATE", _ => null });
            csv.WriteField(Text(row.ErrorMessage ?? row.Problems ?? (row.DuplicateOf is { } original ? $"not sent: repeats {original}" : null)));
            csv.WriteField(Text(row.CorrelationId));
            csv.WriteField(row.IdempotencyKey.ToString("D"));
            csv.WriteField(row.Attempts);
            csv.WriteField(Timestamp(row.FirstAttemptAt));
            csv.WriteField(Timestamp(row.CompletedAt));
            csv.WriteField(row.GroupLine);
            WriteMajor(csv, row.ReturnFeeMinor, row.Currency);
            csv.WriteField(Text(Note(row)));
            csv.WriteField(Text(row.Description));
            csv.WriteField(row.SettledStatus);
            csv.WriteField(Text(row.SettledPaymentReference));
            csv.WriteField(Timestamp(row.SettledPayoutDate));
            csv.EndRecord();
        }

        await csv.FlushAsync(cancellationToken);
        return summary.Build();
    }

    // A resolution by hand is part of the row's story: after whatever the row noted before (a re-key, a hand-back).
    private static string? Note(RowRecord row) =>
        row.Resolution is { } resolution ? string.Join("; ", new[] { row.Note, resolution.Note(row.Action == ManifestAction.Release) }.OfType<string>()) : row.Note;

    // CsvHelper escapes the OWASP formula characters; a leading NUL (which it cannot be configured with) is escaped here.
    internal static string? Text(string? value) => value is ['\0', ..] ? "'" + value : value;

    // Written as decimal numbers, not text, so Excel sums them and a negative return-fee line is not escaped like a
    // formula. decimal is exact: minor units / 10^exponent loses nothing.
    private static void WriteMajor(CsvWriter csv, long? minor, string? currency)
    {
        if (minor is { } amount && currency is not null && CurrencyExponents.Find(currency) is { } exponent)
        {
            csv.WriteField((decimal)amount / CurrencyExponents.Pow10(exponent), $"F{exponent}");
        }
        else
        {
            csv.WriteField((string?)null);
        }
    }

    internal static string? Timestamp(DateTime? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
