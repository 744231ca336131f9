using BulkRefunds.Klarna;
using BulkRefunds.Staging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Sends the claimed rows of one order, one after another: preflight GETs the order once, and each refund that
/// succeeds is counted against what is left, so two rows of one order cannot together refund more than was captured.
/// </summary>
public sealed class OrderSender(KlarnaAccounts accounts, RowSender sender, IOptions<DispatchOptions> options, TimeProvider timeProvider)
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
            if (settings.Preflight && accounts.Names.Contains(row.Account))
            {
                order ??= await FetchOrderAsync(accounts.Get(row.Account), row.OrderId, settings, cancellationToken);
                if (Refusal(row, order, pending, settings) is { } refused)
                {
                    outcomes.Add(refused);
                    continue;
                }
            }

            var outcome = await sender.SendAsync(row, cancellationToken);
            if (outcome.State == RowState.Succeeded && row.Action == "refund")
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
                return new RowOutcome(row.RowId, verdict.State, null, null, null, verdict.ErrorCode, verdict.Message, found.CorrelationId,
                    Retryable: false, timeProvider.GetUtcNow(), []);
            case KlarnaOrderFound:
                return null;
            case KlarnaFailure when !row.FirstClaim:
                // The order cannot be read now, but the row may already be applied: resend with its key (Klarna replays).
                return null;
            case KlarnaFailure failure:
                // Checking the order failed: nothing was sent. A 404 is final; anything else may be retried later.
                return new RowOutcome(row.RowId, RowState.Failed, failure.HttpStatus, null, null, failure.Error.ErrorCode,
                    $"Preflight could not check the order: {failure.Error.Message}", failure.Error.CorrelationId,
                    Retryable: failure.Class != FailureClass.Final, timeProvider.GetUtcNow(), []);
            default:
                throw new InvalidOperationException($"Unexpected outcome {order.GetType().Name} for GET order.");
        }
    }

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
