using BulkRefunds.Klarna;
using BulkRefunds.Staging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Sends one claimed row until it reaches a final outcome. Retryable and in-doubt failures are resent with the
/// row's one idempotency key and stored body — never a new key, never a new body.
/// </summary>
public sealed class RowSender(KlarnaAccounts accounts, IOptions<DispatchOptions> options, TimeProvider timeProvider)
{
    public async Task<RowOutcome> SendAsync(ClaimedRow row, CancellationToken cancellationToken)
    {
        if (!accounts.Names.Contains(row.Account))
        {
            return Finish(row, RowState.Failed, null, [], new KlarnaError("ACCOUNT_NOT_CONFIGURED",
                [$"Klarna account '{row.Account}' is not configured; nothing was sent."], null), retryable: false);
        }

        var client = accounts.Get(row.Account);
        var attempts = new List<AttemptRecord>();
        for (var attempt = 1; ; attempt++)
        {
            var attemptedAt = timeProvider.GetUtcNow();
            var outcome = row.Action == "refund"
                ? await client.CreateRefundAsync(row.OrderId, row.RequestBody!, row.IdempotencyKey, cancellationToken)
                : await client.ReleaseRemainingAuthorizationAsync(row.OrderId, row.IdempotencyKey, cancellationToken);
            switch (outcome)
            {
                case KlarnaSuccess success:
                    attempts.Add(new AttemptRecord(attemptedAt, "succeeded", success.HttpStatus, null, success.CorrelationId));
                    return new RowOutcome(row.RowId, RowState.Succeeded, success.HttpStatus, success.RefundId, success.Location,
                        null, null, success.CorrelationId, null, timeProvider.GetUtcNow(), attempts);
                case KlarnaFailure failure:
                    attempts.Add(new AttemptRecord(attemptedAt, AttemptOutcome(failure.Class), failure.HttpStatus, failure.Error.ErrorCode, failure.Error.CorrelationId));
                    if (failure.Class == FailureClass.Final)
                    {
                        return Finish(row, RowState.Failed, failure.HttpStatus, attempts, failure.Error, retryable: false);
                    }

                    if (attempt >= options.Value.MaxAttempts)
                    {
                        return failure.Class == FailureClass.InDoubt
                            ? Finish(row, RowState.InDoubt, failure.HttpStatus, attempts, failure.Error, retryable: true)
                            : Finish(row, RowState.Failed, failure.HttpStatus, attempts, failure.Error, retryable: true);
                    }

                    await Task.Delay(RetryDelay(attempt, failure.RetryAfter), timeProvider, cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown Klarna outcome {outcome.GetType().Name}.");
            }
        }
    }

    private RowOutcome Finish(ClaimedRow row, string state, int? httpStatus, List<AttemptRecord> attempts, KlarnaError error, bool retryable) =>
        new(row.RowId, state, httpStatus, null, null, error.ErrorCode, error.Message, error.CorrelationId, retryable, timeProvider.GetUtcNow(), attempts);

    private static string AttemptOutcome(FailureClass failureClass) => failureClass switch
    {
        FailureClass.Retryable => "retryable",
        FailureClass.InDoubt => "in_doubt",
        _ => "failed",
    };

    // Exponential backoff with jitter; Klarna's Retry-After / X-Ratelimit-Reset wins when it says more.
    private TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter)
    {
        var exponential = TimeSpan.FromMilliseconds(options.Value.FirstRetryDelayMilliseconds * (1L << Math.Min(attempt - 1, 16)));
        var capped = TimeSpan.FromTicks(Math.Min(exponential.Ticks, TimeSpan.FromSeconds(options.Value.MaxRetryDelaySeconds).Ticks));
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, capped.Ticks / TimeSpan.TicksPerMillisecond / 5)));
        var delay = capped + jitter;
        return retryAfter is { } advised && advised + jitter > delay ? advised + jitter : delay;
    }
}
