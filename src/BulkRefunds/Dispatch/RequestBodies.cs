using BulkRefunds.Klarna;
using BulkRefunds.Staging;

namespace BulkRefunds.Dispatch;

/// <summary>Builds the exact JSON a row sends; called once per row, when it is first claimed.</summary>
public static class RequestBodies
{
    public static string? For(Guid manifestId, ClaimedRow row) => row.Action switch
    {
        "refund" => KlarnaJson.Serialize(new RefundRequest(
            row.AmountMinor ?? throw new InvalidOperationException($"Row {row.RowId} is a refund without an amount."),
            KlarnaReference.For(manifestId, row.LineNumber, row.Reference),
            row.Description)),
        _ => null, // a release has no body
    };
}
