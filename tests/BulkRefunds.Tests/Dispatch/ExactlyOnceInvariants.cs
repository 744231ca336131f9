using System.Globalization;
using System.Text.RegularExpressions;
using BulkRefunds.KlarnaSimulator;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// What must hold after any case, read from Klarna's ledger (the truth about money) and our report (what finance is told).
/// </summary>
internal static partial class ExactlyOnceInvariants
{
    public static void Hold(ExactlyOnceCase @case, ExactlyOnceResult result)
    {
        var ledger = result.Ledger.Where(entry => result.OrderIds.Contains(entry.OrderId, StringComparer.Ordinal)).ToList();
        EveryRowReportedOnceAndNoneOpen(@case, result);
        EachRowAppliedAtMostOnce(ledger);
        AppliedExactlyWhenReportedSucceeded(result, ledger);
        NoOrderRefundedBeyondItsCapture(@case, result.OrderIds, ledger);
        NoRowAppliedInAnotherCurrency(@case, result, ledger);
        RepeatedRowsNeverSent(@case, result.Report);
    }

    private static void EveryRowReportedOnceAndNoneOpen(ExactlyOnceCase @case, ExactlyOnceResult result)
    {
        // Data line i is line i + 2 of the file (the header is line 1).
        Assert.Equal(Enumerable.Range(2, @case.Rows.Count), result.Report.Select(LineNumber));
        Assert.Equal(@case.Rows.Select(row => result.OrderIds[row.Order]), result.Report.Select(line => line["order_id"]));
        Assert.All(result.Report, line => Assert.True(line["status"] != "pending", $"Line {line["line_number"]} is still open after the sweep."));
    }

    private static void EachRowAppliedAtMostOnce(IReadOnlyList<LedgerEntry> ledger)
    {
        Assert.All(ledger, entry => Assert.Equal(LedgerEntry.RefundKind, entry.Kind));
        Assert.All(ledger.GroupBy(entry => entry.IdempotencyKey), sameKey =>
            Assert.True(sameKey.Count() == 1, $"Idempotency key {sameKey.Key} was applied {sameKey.Count()} times."));
        Assert.All(ledger.GroupBy(entry => RowTag(entry.Reference)), sameRow =>
            Assert.True(sameRow.Count() == 1, $"Row {sameRow.Key} was applied {sameRow.Count()} times (keys {string.Join(", ", sameRow.Select(entry => entry.IdempotencyKey))})."));
    }

    /// <summary>
    /// Applied at Klarna ⇔ reported succeeded with Klarna's refund id. A row reported needs_review went unanswered through
    /// every attempt: Klarna may or may not have applied it, and either is allowed — a person checks the order.
    /// </summary>
    private static void AppliedExactlyWhenReportedSucceeded(ExactlyOnceResult result, IReadOnlyList<LedgerEntry> ledger)
    {
        var reportedKeys = result.Report.Select(line => line["idempotency_key"]).ToHashSet(StringComparer.Ordinal);
        Assert.All(ledger, entry => Assert.True(reportedKeys.Contains(entry.IdempotencyKey!), $"Klarna applied {entry.IdempotencyKey}, which is no row of the manifest."));
        foreach (var line in result.Report)
        {
            var byKey = ledger.SingleOrDefault(entry => entry.IdempotencyKey == line["idempotency_key"]);
            var tag = $"BR-{result.ManifestId.ToString("N")[..12]}-L{line["line_number"]}";
            var byTag = ledger.SingleOrDefault(entry => RowTag(entry.Reference) == tag);
            Assert.True(byKey == byTag, $"Line {line["line_number"]}: the refund under its key ({byKey?.RefundId}) is not the refund carrying its reference ({byTag?.RefundId}).");
            var what = $"Line {line["line_number"]} is reported {line["status"]} ({line["error_code"]} {line["error_message"]}) and Klarna's ledger has {(byKey is null ? "no refund" : $"refund {byKey.RefundId} of {byKey.RefundedAmount}")} for it.";
            switch (line["status"])
            {
                case "succeeded":
                    Assert.True(byKey is not null && byKey.RefundId == line["refund_id"] && byKey.RefundedAmount == long.Parse(line["amount_minor"], CultureInfo.InvariantCulture), what);
                    break;
                case "needs_review":
                    break;
                default:
                    Assert.True(byKey is null, what);
                    break;
            }
        }
    }

    private static void NoOrderRefundedBeyondItsCapture(ExactlyOnceCase @case, IReadOnlyList<string> orderIds, IReadOnlyList<LedgerEntry> ledger)
    {
        for (var i = 0; i < orderIds.Count; i++)
        {
            var refunded = ledger.Where(entry => entry.OrderId == orderIds[i]).Sum(entry => entry.RefundedAmount);
            Assert.True(refunded <= @case.Orders[i].CapturedMinor, $"Order #{i} was refunded {refunded} of {@case.Orders[i].CapturedMinor} captured.");
        }
    }

    // Klarna's refund carries no currency: a row in another currency that reached it would move the wrong amount.
    private static void NoRowAppliedInAnotherCurrency(ExactlyOnceCase @case, ExactlyOnceResult result, IReadOnlyList<LedgerEntry> ledger)
    {
        for (var i = 0; i < @case.Rows.Count; i++)
        {
            var row = @case.Rows[i];
            var line = result.Report[i];
            var applied = ledger.SingleOrDefault(entry => entry.IdempotencyKey == line["idempotency_key"]);
            Assert.True(row.Currency == @case.Orders[row.Order].Currency || applied is null,
                $"Line {line["line_number"]} refunds {row.Currency} on an order paid in {@case.Orders[row.Order].Currency}, yet Klarna applied it as refund {applied?.RefundId} ({line["status"]}, attempts {line["attempts"]}).");
        }
    }

    private static void RepeatedRowsNeverSent(ExactlyOnceCase @case, IReadOnlyList<Dictionary<string, string>> report)
    {
        for (var i = 0; i < @case.Rows.Count; i++)
        {
            Assert.True(!@case.IsRepeat(i) || report[i]["status"] == "duplicate", $"Line {report[i]["line_number"]} repeats an earlier line but is reported {report[i]["status"]}.");
        }
    }

    private static int LineNumber(Dictionary<string, string> line) => int.Parse(line["line_number"], CultureInfo.InvariantCulture);

    private static string? RowTag(string? reference) => reference is null ? null : TagPattern().Match(reference) is { Success: true } match ? match.Value : null;

    [GeneratedRegex("BR-[0-9a-f]{12}-L[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
