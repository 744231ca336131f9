using System.Globalization;
using BulkRefunds.Reports;
using CsvHelper;

namespace BulkRefunds.Settlements;

/// <summary>
/// Writes the settlement report CSV with the manifest report's Excel-safe settings (BOM, formula characters escaped,
/// numbers as numbers). Every value comes from the rows and the note from their data: the same rows give the same bytes.
/// </summary>
public static class SettlementReportWriter
{
    public static readonly string[] Columns =
    [
        "account", "order_id", "refund_id", "manifest_id", "line_number", "currency", "amount_minor", "settlement_status",
        "payment_reference", "payout_date", "settled_amount_minor", "note",
    ];

    public static async Task<SettlementSummary> WriteAsync(Stream output, IAsyncEnumerable<SettlementReportRow> rows, CancellationToken cancellationToken)
    {
        var summary = new SettlementSummaryBuilder();
        await using var csv = CsvWriter.Create(output, ReportWriter.Options, leaveOpen: true);
        csv.WriteHeader(Columns);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var note = Note(row);
            summary.Add(row, note);
            csv.WriteField(ReportWriter.Text(row.Account));
            csv.WriteField(ReportWriter.Text(row.OrderId));
            csv.WriteField(ReportWriter.Text(row.RefundId));
            csv.WriteField(row.ManifestId?.ToString("D"));
            csv.WriteField(row.LineNumber);
            csv.WriteField(ReportWriter.Text(row.Currency));
            csv.WriteField(row.AmountMinor);
            csv.WriteField(SettlementStatusText.Of(row.Status));
            csv.WriteField(ReportWriter.Text(row.PaymentReference));
            csv.WriteField(ReportWriter.Timestamp(row.PayoutDate));
            csv.WriteField(row.SettledAmountMinor);
            csv.WriteField(ReportWriter.Text(note));
            csv.EndRecord();
        }

        await csv.FlushAsync(cancellationToken);
        return summary.Build();
    }

    private static string? Note(SettlementReportRow row) => row.Status switch
    {
        SettlementStatus.Settled when row.Transactions > 1 => $"settled by {row.Transactions} returns",
        SettlementStatus.AmountDiffers => string.Create(CultureInfo.InvariantCulture,
            $"Klarna settled {row.SettledAmountMinor} in {row.Transactions} return(s) for a refund of {row.AmountMinor}"),
        SettlementStatus.Overdue => "no settlement within Settlements:OverdueAfterDays of the refund",
        SettlementStatus.UnexpectedReturn => $"{row.Type} {row.DetailedType} matches no refund of ours: made elsewhere, or a second refund" +
            (row.MerchantRefundReference is { } reference ? $" (reference {reference})" : ""),
        SettlementStatus.KlarnaOriginated => $"{row.Type} {row.DetailedType} registered by Klarna",
        _ => null,
    };
}
