using System.Text.Json;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Settles a row that may have been applied but can no longer be resent with its key (past Klarna's idempotency
/// window): GET the order. A refund carrying this row's reference → succeeded with that refund id. Clearly absent —
/// no such refund, every refunded unit explained by a listed refund, and no unidentified refund of this amount since
/// the first attempt (for a release: something is still authorized) → staged again under a new key. Anything else →
/// needs_review, never an automatic resend.
/// </summary>
public sealed class InDoubtReconciler(TimeProvider timeProvider)
{
    public async Task<RowOutcome> SettleAsync(ClaimedRow row, KlarnaClient client, List<AttemptRecord> attempts, CancellationToken cancellationToken)
    {
        var reference = SentReference(row);
        var outcome = await client.GetOrderAsync(row.OrderId, cancellationToken);
        if (outcome is not KlarnaOrderFound { Order: var order } found)
        {
            var unreadable = outcome is KlarnaFailure failure ? $"the order could not be read ({failure.Error.ErrorCode})" : "the order could not be read";
            return NeedsReview(row, attempts, unreadable, null);
        }

        if (row.Action == "refund" && reference is not null && order.Refunds?.FirstOrDefault(refund => refund.Reference == reference) is { } applied)
        {
            return new RowOutcome(row.RowId, RowState.Succeeded, null, applied.RefundId, null, null,
                "Settled through GET order after Klarna's idempotency window: the refund with this row's reference exists.",
                found.CorrelationId, null, timeProvider.GetUtcNow(), attempts);
        }

        if (NeverApplied(row, order, reference) is { } proof)
        {
            return new RowOutcome(row.RowId, RowState.Staged, null, null, null, "RESENT_WITH_NEW_KEY",
                $"No answer from Klarna within its 24 h idempotency window, and the order shows it was never applied ({proof}); staged again under a new key.",
                found.CorrelationId, true, timeProvider.GetUtcNow(), attempts, IdempotencyKeys.Next(row.IdempotencyKey));
        }

        var why = row.Action == "release"
            ? "nothing is left to release, so whether this release was applied cannot be told"
            : $"the order has no refund with reference '{reference}' but its refunds do not rule out that this one was applied";
        return NeedsReview(row, attempts, why, found.CorrelationId);
    }

    // Why the order proves this row's request had no effect, or null when it does not.
    private static string? NeverApplied(ClaimedRow row, KlarnaOrder order, string? reference)
    {
        if (row.Action == "release")
        {
            return order is { Status: "PART_CAPTURED", RemainingAuthorizedAmount: > 0 } ? "the remaining authorization is still there" : null;
        }

        var refunds = order.Refunds ?? [];
        var since = row.FirstAttemptAt is { } first ? new DateTimeOffset(first, TimeSpan.Zero).AddMinutes(-5) : DateTimeOffset.MinValue;
        var explained = refunds.Sum(refund => refund.RefundedAmount) == order.RefundedAmount;
        var unidentifiedSameAmount = refunds.Any(refund => refund.RefundedAmount == row.AmountMinor
            && (refund.RefundedAt is null || refund.RefundedAt >= since) && !KlarnaReference.IsTagged(refund.Reference));
        return reference is not null && explained && !unidentifiedSameAmount
            ? "no refund with this row's reference, and every refunded amount belongs to a listed refund"
            : null;
    }

    private RowOutcome NeedsReview(ClaimedRow row, List<AttemptRecord> attempts, string why, string? correlationId) =>
        new(row.RowId, RowState.NeedsReview, null, null, null, "NEEDS_REVIEW",
            $"No answer from Klarna and its 24 h idempotency window has passed; {why}. Check the order in the Klarna portal before sending again.",
            correlationId, null, timeProvider.GetUtcNow(), attempts);

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
