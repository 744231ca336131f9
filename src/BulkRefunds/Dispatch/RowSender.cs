using BulkRefunds.Manifests;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;
using BulkRefunds.Telemetry;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Sends one claimed row until it reaches a final outcome. Retryable and in-doubt failures are resent with the
/// row's one idempotency key and stored body — never a new key, never a new body. Nothing is guessed: a row ends
/// <c>failed</c> only on Klarna's final answer or when nothing may have been applied (429s, connect failures); once a
/// request may have been applied, spent attempts are settled by GET order (<see cref="InDoubtReconciler"/>).
/// </summary>
public sealed class RowSender(KlarnaAccounts accounts, InDoubtReconciler reconciler, IOptions<DispatchOptions> options, TimeProvider timeProvider,
    BulkRefundsTelemetry telemetry)
{
    public async Task<RowOutcome> SendAsync(ClaimedRow row, CancellationToken cancellationToken)
    {
        using var activity = telemetry.StartRow(row.LineNumber, row.OrderId);
        // Rows are claimed only for accounts this worker has configured with the manifest's endpoint (DispatchStore), so
        // this cannot miss; if it did, the job fails and the row's lease runs out untouched rather than being settled here.
        var client = accounts.Get(row.Account);
        var attempts = new List<AttemptRecord>();
        for (var attempt = 1; ; attempt++)
        {
            var attemptedAt = timeProvider.GetUtcNow();
            // A resend is only safe while Klarna still honours the key (24 h from the first attempt); past the
            // margin the row is settled by looking at the order instead.
            var maybeSent = !row.FirstClaim || attempt > 1;
            if (maybeSent && row.FirstAttemptAt is { } first
                && attemptedAt - new DateTimeOffset(first, TimeSpan.Zero) >= TimeSpan.FromHours(options.Value.ResendWindowHours))
            {
                return await reconciler.SettleAsync(row, client, attempts, cancellationToken);
            }

            var outcome = row.Action == ManifestAction.Refund
                ? await client.CreateRefundAsync(row.OrderId, row.RequestBody!, row.IdempotencyKey, cancellationToken)
                : await client.ReleaseRemainingAuthorizationAsync(row.OrderId, row.IdempotencyKey, cancellationToken);
            switch (outcome)
            {
                case KlarnaSuccess success:
                    attempts.Add(new AttemptRecord(attemptedAt, row.IdempotencyKey, AttemptOutcome.Succeeded, success.HttpStatus, null, success.CorrelationId));
                    return RowOutcome.Succeeded(row.RowId, success.HttpStatus, success.RefundId, success.Location, null, success.CorrelationId,
                        timeProvider.GetUtcNow(), attempts);
                case KlarnaFailure failure:
                    attempts.Add(new AttemptRecord(attemptedAt, row.IdempotencyKey, OutcomeOf(failure.Class), failure.HttpStatus, failure.Error.ErrorCode, failure.Error.CorrelationId));
                    // Once a request may have been applied (a 5xx or no answer, a 409 for an in-flight twin, or the row was
                    // taken over from a worker that died), only a success or GET order settles it: a later 503, 429 or 401
                    // says nothing about the first request, so the row must not be reported failed — finance would refund
                    // the customer again. A 4xx with Klarna's error body is its answer to this key, so it stays final.
                    var mayBeApplied = !row.FirstClaim || attempts.Any(earlier => earlier.Outcome == AttemptOutcome.InDoubt || earlier.HttpStatus == 409);
                    var final = failure.Class == FailureClass.Final && !(mayBeApplied && failure.HttpStatus == 401);
                    if (final)
                    {
                        return Refused(row, failure, attempts);
                    }

                    if (attempt >= options.Value.MaxAttempts || failure.Class == FailureClass.Final)
                    {
                        return mayBeApplied
                            ? await reconciler.SettleSpentAttemptsAsync(row, client, attempts, failure, cancellationToken)
                            : Finish(row, RowState.Failed, failure.HttpStatus, attempts, failure.Error with
                            {
                                ErrorMessages = [$"Not applied: Klarna refused to process it on every attempt ({failure.Error.Message}). Safe to retry."],
                            }, retryable: true);
                    }

                    await Task.Delay(RetryDelays.For(attempt, failure.RetryAfter, options.Value), timeProvider, cancellationToken);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown Klarna outcome {outcome.GetType().Name}.");
            }
        }
    }

    // Klarna's final answer to this key. For a release, 403 NOT_ALLOWED means nothing is left to release — the row may be a
    // resend whose first request Klarna applied, and then the key would have replayed 204 instead.
    private RowOutcome Refused(ClaimedRow row, KlarnaFailure failure, List<AttemptRecord> attempts) =>
        row.Action == ManifestAction.Release && failure.HttpStatus == 403
            ? Finish(row, RowState.NotReleasable, failure.HttpStatus, attempts, failure.Error with
            {
                ErrorMessages = [$"Not released: Klarna answered that nothing can be released ({failure.Error.Message})."],
            }, retryable: false)
            : Finish(row, RowState.Failed, failure.HttpStatus, attempts, failure.Error, retryable: false);

    private RowOutcome Finish(ClaimedRow row, RowState state, int? httpStatus, List<AttemptRecord> attempts, KlarnaError error, bool retryable) =>
        RowOutcome.Refused(row.RowId, state, httpStatus, error.ErrorCode, error.Message, error.CorrelationId, retryable, timeProvider.GetUtcNow(), attempts);

    private static string OutcomeOf(FailureClass failureClass) => failureClass switch
    {
        FailureClass.Retryable => AttemptOutcome.Retryable,
        FailureClass.InDoubt => AttemptOutcome.InDoubt,
        _ => AttemptOutcome.Failed,
    };
}
