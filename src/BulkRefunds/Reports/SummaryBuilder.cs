using BulkRefunds.Manifests;
using BulkRefunds.Staging;

namespace BulkRefunds.Reports;

/// <summary>Accumulates the summary while the report streams past.</summary>
internal sealed class SummaryBuilder(ManifestRecord manifest)
{
    private readonly SortedDictionary<string, int> byStatus = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, int> byErrorCode = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, (long Requested, long Refunded, long NotRefunded)> byCurrency = new(StringComparer.Ordinal);
    private int rows;
    private int resolvedByHand;
    private DateTime? firstAttempt;
    private DateTime? lastCompleted;

    public void Add(RowRecord row, string status)
    {
        rows++;
        resolvedByHand += row.Resolution is { Applied: true } && !row.IsOrderLine ? 1 : 0;
        byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
        firstAttempt = Earliest(firstAttempt, row.FirstAttemptAt);
        lastCompleted = row.CompletedAt is { } completed && (lastCompleted is null || completed > lastCompleted) ? completed : lastCompleted;
        if (status is ReportStatus.Failed or ReportStatus.NeedsReview && row.ErrorCode is { } code)
        {
            byErrorCode[code] = byErrorCode.GetValueOrDefault(code) + 1;
        }

        // An order-line row's money is in its refund's row; counting both would double it.
        if (row.Action != ManifestAction.Refund || row.IsOrderLine || row.Currency is null || row.AmountMinor is not { } amount)
        {
            return;
        }

        var totals = byCurrency.GetValueOrDefault(row.Currency);
        byCurrency[row.Currency] = status == ReportStatus.Succeeded
            ? (totals.Requested + amount, totals.Refunded + amount, totals.NotRefunded)
            : (totals.Requested + amount, totals.Refunded, totals.NotRefunded + amount);
    }

    public ReportSummary Build() => new(manifest.ManifestId, manifest.FileName, manifest.Sha256, rows, byStatus,
        byCurrency.Select(pair => Totals(pair.Key, pair.Value)).ToList(), byErrorCode,
        new ReportTimings(Iso(manifest.UploadedAt)!, Iso(firstAttempt), Iso(lastCompleted), Iso(manifest.CompletedAt)))
    {
        RowsResolvedByHand = resolvedByHand,
    };

    private static DateTime? Earliest(DateTime? current, DateTime? candidate) =>
        candidate is { } value && (current is null || value < current) ? value : current;

    internal static string? Iso(DateTime? value) =>
        value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static CurrencyTotals Totals(string currency, (long Requested, long Refunded, long NotRefunded) totals)
    {
        var exponent = CurrencyExponents.Find(currency) ?? 0;
        return new CurrencyTotals(currency, totals.Requested, totals.Refunded, totals.NotRefunded,
            CurrencyExponents.FormatMajor(totals.Requested, exponent), CurrencyExponents.FormatMajor(totals.Refunded, exponent),
            CurrencyExponents.FormatMajor(totals.NotRefunded, exponent));
    }
}
