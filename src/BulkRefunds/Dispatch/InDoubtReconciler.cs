using BulkRefunds.Manifests;
using System.Globalization;
using System.Text.Json;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Settles a row that may have been applied by looking at its order (GET order) instead of guessing. A refund carrying
/// this row's reference → succeeded with that refund id. Clearly absent — no such refund, every refunded unit explained
/// by a listed refund, and no unidentified refund of this amount since the first attempt (for a release: something is
/// still authorized) → proven not applied. Anything else, or an order that cannot be read → needs_review, never an
/// automatic resend.
/// </summary>
public sealed class InDoubtReconciler(TimeProvider timeProvider)
{
    /// <summary>
    /// Past Klarna's idempotency window the key can no longer be resent: proven not applied → staged again under a new key.
    /// </summary>
    public async Task<RowOutcome> SettleAsync(ClaimedRow row, KlarnaClient client, List<AttemptRecord> attempts, CancellationToken cancellationToken)
    {
        var finding = await InspectAsync(row, client, cancellationToken);
        return finding.Kind switch
        {
            FindingKind.Applied => RowOutcome.Succeeded(row.RowId, null, finding.RefundId, null,
                "Settled through GET order after Klarna's idempotency window: the refund with this row's reference exists.",
                finding.CorrelationId, timeProvider.GetUtcNow(), attempts),
            FindingKind.NeverApplied => RowOutcome.Rekeyed(row.RowId, IdempotencyKeys.Next(row.IdempotencyKey),
                $"No answer from Klarna within its 24 h idempotency window, and the order shows it was never applied ({finding.Why}); staged again under a new key.",
                finding.CorrelationId, timeProvider.GetUtcNow(), attempts),
            _ => RowOutcome.NeedsReview(row.RowId, null,
                $"No answer from Klarna and its 24 h idempotency window has passed; {finding.Why}. Check the order in the Klarna portal before sending again.",
                finding.CorrelationId, timeProvider.GetUtcNow(), attempts),
        };
    }

    /// <summary>
    /// Within the key window, when every attempt is spent and one of them may have been applied (a 5xx, no answer, an
    /// in-flight duplicate, or a row taken over from a worker that stopped): proven not applied → failed and retryable
    /// (Retry resends the same key; a re-upload is a new row), since nothing reached Klarna's books.
    /// </summary>
    public async Task<RowOutcome> SettleSpentAttemptsAsync(ClaimedRow row, KlarnaClient client, List<AttemptRecord> attempts, KlarnaFailure last,
        CancellationToken cancellationToken)
    {
        var finding = await InspectAsync(row, client, cancellationToken);
        var answered = Answered(row, attempts, last);
        return finding.Kind switch
        {
            FindingKind.Applied => RowOutcome.Succeeded(row.RowId, null, finding.RefundId, null,
                $"Proven applied by GET order: {answered}, and the order has refund {finding.RefundId} with this row's reference.",
                finding.CorrelationId, timeProvider.GetUtcNow(), attempts),
            FindingKind.NeverApplied => RowOutcome.Failed(row.RowId, last.HttpStatus, "PROVEN_NOT_APPLIED",
                $"Proven not applied by GET order: {answered}, and the order shows it was never applied ({finding.Why}). Safe to retry or re-upload.",
                finding.CorrelationId ?? last.Error.CorrelationId, retryable: true, timeProvider.GetUtcNow(), attempts),
            _ => RowOutcome.NeedsReview(row.RowId, last.HttpStatus,
                $"May have been applied: {answered}, and GET order cannot tell ({finding.Why}). Check the order in the Klarna portal before sending again.",
                finding.CorrelationId ?? last.Error.CorrelationId, timeProvider.GetUtcNow(), attempts),
        };
    }

    private async Task<Finding> InspectAsync(ClaimedRow row, KlarnaClient client, CancellationToken cancellationToken)
    {
        var reference = SentReference(row);
        var outcome = await client.GetOrderAsync(row.OrderId, cancellationToken);
        if (outcome is not KlarnaOrderFound { Order: var order } found)
        {
            var unreadable = outcome is KlarnaFailure failure ? $"the order could not be read ({failure.Error.ErrorCode})" : "the order could not be read";
            return new Finding(FindingKind.Unclear, null, unreadable, null);
        }

        if (row.Action == ManifestAction.Refund && reference is not null && order.Refunds?.FirstOrDefault(refund => refund.Reference == reference) is { } applied)
        {
            return new Finding(FindingKind.Applied, applied.RefundId, "", found.CorrelationId);
        }

        if (NeverApplied(row, order, reference) is { } proof)
        {
            return new Finding(FindingKind.NeverApplied, null, proof, found.CorrelationId);
        }

        var why = row.Action == ManifestAction.Release
            ? "nothing is left to release, so whether this release was applied cannot be told"
            : $"the order has no refund with reference '{reference}' but its refunds do not rule out that this one was applied";
        return new Finding(FindingKind.Unclear, null, why, found.CorrelationId);
    }

    // Why the order proves this row's request had no effect, or null when it does not.
    private static string? NeverApplied(ClaimedRow row, KlarnaOrder order, string? reference)
    {
        if (row.Action == ManifestAction.Release)
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

    // What made the row "maybe applied", in words for the report.
    private static string Answered(ClaimedRow row, List<AttemptRecord> attempts, KlarnaFailure last)
    {
        var answer = last.HttpStatus is { } status
            ? string.Create(CultureInfo.InvariantCulture, $"HTTP {status} ({last.Error.ErrorCode})")
            : $"no answer ({last.Error.ErrorCode})";
        var takenOver = row.FirstClaim ? "" : " after the row was taken over from a worker that stopped or retried";
        return string.Create(CultureInfo.InvariantCulture, $"Klarna's last answer to {attempts.Count} attempt(s){takenOver} was {answer}");
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

    private enum FindingKind
    {
        Applied,
        NeverApplied,
        Unclear,
    }

    private sealed record Finding(FindingKind Kind, string? RefundId, string Why, string? CorrelationId);
}
