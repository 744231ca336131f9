using BulkRefunds.Manifests;
using BulkRefunds.Klarna;

namespace BulkRefunds.Dispatch;

/// <summary>Builds the exact JSON a row sends; called once per row, when it is first claimed.</summary>
public static class RequestBodies
{
    public const string ReturnFeeLineName = "Return fee";

    public static string? For(Guid manifestId, ClaimedRow row, IReadOnlyList<OrderLineRecord> lines) => row.Action switch
    {
        ManifestAction.Refund => KlarnaJson.Serialize(new RefundRequest(
            row.AmountMinor ?? throw new InvalidOperationException($"Row {row.RowId} is a refund without an amount."),
            KlarnaReference.For(manifestId, row.LineNumber, row.Reference),
            row.Description,
            OrderLines(row, lines))),
        _ => null, // a release has no body
    };

    private static List<RefundOrderLine>? OrderLines(ClaimedRow row, IReadOnlyList<OrderLineRecord> lines)
    {
        if (row.ReturnFeeMinor is { } fee)
        {
            // The return-fee shorthand (refunds-seed.txt): the goods at their gross value, the fee charged back as a
            // negative return_fee line, and refunded_amount the net — Klarna requires lines summing to it exactly.
            var gross = row.AmountMinor!.Value + fee;
            return
            [
                new RefundOrderLine(row.Description ?? "Returned goods", "physical", null, 1, gross, gross),
                new RefundOrderLine(ReturnFeeLineName, "return_fee", null, 1, -fee, -fee),
            ];
        }

        return lines.Count == 0
            ? null
            : [.. lines.Select(line => new RefundOrderLine(line.Name, line.Type, line.Reference, line.Quantity, line.UnitPrice,
                line.TotalAmount, line.TotalDiscountAmount, line.TaxRate, line.TotalTaxAmount))];
    }
}
