using BulkRefunds.Manifests;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Sends the claimed rows of one order, one after another: preflight GETs the order once, and each refund that
/// succeeds is counted against what is left, so two rows of one order cannot together refund more than was captured.
/// Releases are checked on every send, first or not, whatever Dispatch:Preflight says.
/// </summary>
public sealed class OrderSender(KlarnaAccounts accounts, RowSender sender, IOptions<DispatchOptions> options, AutoReleaseThreshold autoRelease,
    TimeProvider timeProvider)
{
    public async Task<IReadOnlyList<RowOutcome>> SendAsync(IReadOnlyList<ClaimedRow> rows, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var outcomes = new List<RowOutcome>(rows.Count);
        KlarnaOutcome? order = null;
        long pending = 0;
        foreach (var row in rows)
        {
            // A row taken over after a crash may already be applied at Klarna: it gets only the checks no refund changes.
            if ((settings.Preflight || row.Action == ManifestAction.Release) && accounts.Names.Contains(row.Account))
            {
                order ??= await FetchOrderAsync(accounts.Get(row.Account), row.OrderId, settings, cancellationToken);
                if ((row.Action == ManifestAction.Release ? ReleaseRefusal(row, order) : Refusal(row, order, pending, settings)) is { } refused)
                {
                    outcomes.Add(refused);
                    continue;
                }
            }

            var outcome = await sender.SendAsync(row, cancellationToken);
            if (outcome.State == RowState.Succeeded && row.Action == ManifestAction.Refund)
            {
                pending += row.AmountMinor ?? 0;
            }

            outcomes.Add(outcome);
        }

        return outcomes;
    }

    private RowOutcome? Refusal(ClaimedRow row, KlarnaOutcome order, long pending, DispatchOptions settings)
    {
        switch (order)
        {
            case KlarnaOrderFound found when Preflight.Check(row, found.Order, pending, settings.ReturnFeeCountries, stableOnly: !row.FirstClaim) is { } verdict:
                return Refused(row, verdict, found.CorrelationId);
            case KlarnaOrderFound:
                return null;
            case KlarnaFailure when !row.FirstClaim:
                // The order cannot be read now, but the row may already be applied: resend with its key (Klarna replays).
                return null;
            case KlarnaFailure failure:
                return Unchecked(row, failure);
            default:
                throw new InvalidOperationException($"Unexpected outcome {order.GetType().Name} for GET order.");
        }
    }

    // Something left to release proves that no earlier attempt of this row was applied (a release leaves nothing), so
    // every rule applies, auto-release staleness included. Nothing left may be our own earlier release: such a row is
    // not judged here but resent with its key, and Klarna's replay (204) or refusal (403 → not_releasable) tells.
    private RowOutcome? ReleaseRefusal(ClaimedRow row, KlarnaOutcome order)
    {
        switch (order)
        {
            case KlarnaOrderFound found when !row.FirstClaim && Preflight.CheckRelease(found.Order, null, default) is not null:
                return null;
            case KlarnaOrderFound found:
                return Preflight.CheckRelease(found.Order, StaleAfterDays(row), timeProvider.GetUtcNow()) is { } verdict
                    ? Refused(row, verdict, found.CorrelationId)
                    : null;
            case KlarnaFailure failure when !row.FirstClaim:
                // Unchecked, it must not be sent; an earlier attempt may have been applied, so it is not "failed" either.
                return RowOutcome.NeedsReview(row.RowId, failure.HttpStatus,
                    $"The order could not be read to check this release again ({failure.Error.ErrorCode}: {failure.Error.Message}), and an earlier attempt may have been applied; nothing was sent now. Check the order in the Klarna portal before sending again.",
                    failure.Error.CorrelationId, timeProvider.GetUtcNow(), []);
            case KlarnaFailure failure:
                return Unchecked(row, failure);
            default:
                throw new InvalidOperationException($"Unexpected outcome {order.GetType().Name} for GET order.");
        }
    }

    // An auto-release is judged by the threshold its sweep planned it with, never by this worker's opinion (a worker with
    // the setting at 0 or another number must not settle it). Auto-release manifests imported before sql/0013 did not
    // keep theirs and it cannot be recovered: only those fall back to this worker's Releases:AutoReleaseAfterDays.
    private int? StaleAfterDays(ClaimedRow row) => row.AutoRelease ? row.AutoReleaseAfterDays ?? autoRelease.Days() : null;

    private RowOutcome Refused(ClaimedRow row, PreflightVerdict verdict, string? correlationId) =>
        RowOutcome.Refused(row.RowId, verdict.State, null, verdict.ErrorCode, verdict.Message, correlationId, retryable: false, timeProvider.GetUtcNow(), []);

    // Checking the order failed and nothing was ever sent: a 404 is final; anything else may be retried later.
    private RowOutcome Unchecked(ClaimedRow row, KlarnaFailure failure) =>
        RowOutcome.Failed(row.RowId, failure.HttpStatus, failure.Error.ErrorCode,
            $"Preflight could not check the order: {failure.Error.Message}", failure.Error.CorrelationId,
            retryable: failure.Class != FailureClass.Final, timeProvider.GetUtcNow(), []);

    private async Task<KlarnaOutcome> FetchOrderAsync(KlarnaClient client, string orderId, DispatchOptions settings, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var outcome = await client.GetOrderAsync(orderId, cancellationToken);
            if (outcome is not KlarnaFailure { Class: not FailureClass.Final } failure || attempt >= settings.MaxAttempts)
            {
                return outcome;
            }

            await Task.Delay(RetryDelays.For(attempt, failure.RetryAfter, settings), timeProvider, cancellationToken);
        }
    }
}
