using System.Text.Json;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Settles a row that may have been applied but can no longer be resent safely (past Klarna's idempotency window):
/// GET the order and look for a refund carrying this row's reference. Found → succeeded with that refund id;
/// anything else → needs_review, never an automatic resend with a new key (a missing refund that was in fact
/// applied under another reference would be paid twice).
/// </summary>
public sealed class InDoubtReconciler(TimeProvider timeProvider)
{
    public async Task<RowOutcome> SettleAsync(ClaimedRow row, KlarnaClient client, List<AttemptRecord> attempts, CancellationToken cancellationToken)
    {
        var reference = SentReference(row);
        var outcome = await client.GetOrderAsync(row.OrderId, cancellationToken);
        if (row.Action == "refund" && reference is not null && outcome is KlarnaOrderFound found
            && found.Order.Refunds?.FirstOrDefault(refund => refund.Reference == reference) is { } applied)
        {
            return new RowOutcome(row.RowId, RowState.Succeeded, null, applied.RefundId, null, null,
                "Settled through GET order after Klarna's idempotency window: the refund with this row's reference exists.",
                found.CorrelationId, null, timeProvider.GetUtcNow(), attempts);
        }

        var why = outcome switch
        {
            KlarnaOrderFound when row.Action == "release" => "a release cannot be recognised on the order",
            KlarnaOrderFound => $"the order has no refund with reference '{reference}'",
            KlarnaFailure failure => $"the order could not be read ({failure.Error.ErrorCode})",
            _ => "the order could not be read",
        };
        return new RowOutcome(row.RowId, RowState.NeedsReview, null, null, null, "NEEDS_REVIEW",
            $"No answer from Klarna and its 24 h idempotency window has passed; {why}. Check the order in the Klarna portal before sending again.",
            (outcome as KlarnaOrderFound)?.CorrelationId, null, timeProvider.GetUtcNow(), attempts);
    }

    private static string? SentReference(ClaimedRow row)
    {
        if (row.RequestBody is null)
        {
            return null;
        }

        using var body = JsonDocument.Parse(row.RequestBody);
        return body.RootElement.TryGetProperty("reference", out var reference) ? reference.GetString() : null;
    }
}
