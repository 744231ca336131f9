using BulkRefunds.Klarna;
using BulkRefunds.Notifications;
using BulkRefunds.Staging;
using BulkRefunds.Telemetry;
using Dapper;
using Npgsql;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Claims rows for sending and records what happened. Exactly-once rests here, not on Hangfire: a row is
/// claimed with FOR UPDATE SKIP LOCKED, its body is fixed in the claiming transaction, and outcomes are
/// written only by the worker that still holds the row's lease. A worker claims only rows whose account it has
/// configured with the endpoint the manifest recorded at import; other rows are not touched (no state, lease or attempt).
/// </summary>
public sealed class DispatchStore(NpgsqlDataSource dataSource, KlarnaAccounts accounts, ImportCalendar calendar, Notifier notifier, BulkRefundsTelemetry telemetry)
{
    // A 'sending' row whose lease ran out belongs to a worker that died or stalled: it is claimed again and
    // resent with the same key and body, which Klarna answers with the first response.
    // Only rows this worker would send to the Klarna the manifest was imported for, and none of a manifest awaiting
    // approval: see BacklogStore.ClaimableRow.
    private const string ClaimSql = $$"""
        WITH claimable AS (
            SELECT r.row_id, r.first_attempt_at IS NULL AS first_claim FROM bulkrefunds.manifest_row r
            WHERE r.manifest_id = @ManifestId AND {{BacklogStore.ClaimableRow}}
            ORDER BY r.row_id
            LIMIT @BatchSize
            FOR UPDATE SKIP LOCKED)
        UPDATE bulkrefunds.manifest_row r
        SET state = 'sending', lease_owner = @Owner, lease_until = now() + make_interval(secs => @LeaseSeconds),
            -- Set before anything is sent: the 24 h idempotency window counts from here, even if the outcome is never written.
            first_attempt_at = coalesce(r.first_attempt_at, @Now)
        FROM claimable c, bulkrefunds.manifest m
        WHERE r.row_id = c.row_id AND m.manifest_id = r.manifest_id
        RETURNING r.row_id, r.line_number, r.account, r.action, r.order_id, r.currency, r.amount_minor, r.reference,
                  r.description, r.idempotency_key, r.request_body, r.attempts, r.first_attempt_at, r.group_line, r.return_fee_minor,
                  c.first_claim,
                  -- Written by the release sweep's auto-release: its staleness rule is checked again when it is sent, against
                  -- the threshold the sweep planned it with (NULL only on auto-release manifests imported before sql/0013).
                  m.uploaded_by = @AutoReleaseUploader AS auto_release,
                  m.auto_release_after_days::int AS auto_release_after_days
        """;

    private const string LinesSql = """
        SELECT r.group_line, l.line_number, l.name, l.reference, l.type, l.quantity, l.unit_price, l.total_amount,
               l.tax_rate, l.total_tax_amount, l.total_discount_amount
        FROM bulkrefunds.manifest_row r
        JOIN bulkrefunds.manifest_order_line l ON l.manifest_id = r.manifest_id AND l.line_number = r.line_number
        WHERE r.manifest_id = @ManifestId AND r.group_line = ANY(@Leaders) AND r.state IN ('staged', 'sending', 'order_line')
        ORDER BY r.group_line, l.line_number
        """;

    private const string FixBodiesSql = """
        UPDATE bulkrefunds.manifest_row r SET request_body = b.body
        FROM unnest(@RowIds, @Bodies) AS b(row_id, body)
        WHERE r.row_id = b.row_id AND r.request_body IS NULL
        """;

    // Only the batch being sent: the previous batch's rows are being recorded at the same moment (ManifestDispatcher),
    // and two statements updating one set of rows in different orders could deadlock.
    private const string ExtendLeaseSql = """
        UPDATE bulkrefunds.manifest_row SET lease_until = now() + make_interval(secs => @LeaseSeconds)
        WHERE row_id = ANY(@RowIds) AND lease_owner = @Owner AND state = 'sending'
        """;

    private const string RecordOutcomesSql = """
        UPDATE bulkrefunds.manifest_row r
        SET state = o.state, http_status = o.http_status, refund_id = o.refund_id, location = o.location,
            error_code = o.error_code, error_message = o.error_message, correlation_id = o.correlation_id,
            retryable = o.retryable, attempts = r.attempts + o.attempts,
            -- A row proven not applied past the key window is staged again under a new key, stored here before any
            -- call uses it; its new 24 h window starts at its next claim.
            idempotency_key = coalesce(o.new_key, r.idempotency_key),
            note = CASE WHEN o.new_key IS NULL THEN r.note
                        ELSE concat_ws('; ', r.note, 'key ' || r.idempotency_key || ' went unanswered past Klarna''s 24 h window and the order showed no effect; sent again under a new key') END,
            first_attempt_at = CASE WHEN o.new_key IS NOT NULL THEN NULL ELSE coalesce(r.first_attempt_at, o.first_attempt_at) END,
            completed_at = CASE WHEN o.state = 'staged' THEN NULL ELSE o.completed_at END,
            lease_owner = NULL, lease_until = NULL
        FROM unnest(@RowIds, @States, @HttpStatuses, @RefundIds, @Locations, @ErrorCodes, @ErrorMessages,
                    @CorrelationIds, @Retryables, @AttemptCounts, @FirstAttempts, @CompletedAts, @NewKeys)
             AS o(row_id, state, http_status, refund_id, location, error_code, error_message, correlation_id,
                  retryable, attempts, first_attempt_at, completed_at, new_key)
        WHERE r.row_id = o.row_id AND r.state = 'sending' AND r.lease_owner = @Owner
        RETURNING r.manifest_id, r.line_number, r.state = 'needs_review' AS needs_review, r.account, r.action, r.state
        """;

    private const string RecordAttemptsSql = """
        INSERT INTO bulkrefunds.row_attempt (row_id, attempted_at, idempotency_key, outcome, http_status, error_code, correlation_id)
        SELECT * FROM unnest(@RowIds, @AttemptedAts, @IdempotencyKeys, @Outcomes, @HttpStatuses, @ErrorCodes, @CorrelationIds)
        """;

    /// <summary>Claims up to <paramref name="batchSize"/> rows; rows without a stored body get <paramref name="buildBody"/>'s, once.</summary>
    public async Task<IReadOnlyList<ClaimedRow>> ClaimAsync(Guid manifestId, Guid owner, int batchSize, int leaseSeconds, DateTimeOffset now,
        Func<ClaimedRow, IReadOnlyList<OrderLineRecord>, string?> buildBody, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var served = accounts.Served;
        var claimed = (await connection.QueryAsync<ClaimedRow>(new CommandDefinition(ClaimSql, new
            {
                ManifestId = manifestId, Owner = owner, BatchSize = batchSize, LeaseSeconds = leaseSeconds, Now = now, ClaimedRow.AutoReleaseUploader,
                ServedAccounts = served.Select(pair => pair.Account).ToArray(), ServedEndpoints = served.Select(pair => pair.Endpoint).ToArray(),
            }, transaction,
            cancellationToken: cancellationToken))).ToList();
        var needBody = claimed.Where(row => row.RequestBody is null).ToList();
        var leaders = needBody.Where(row => row.GroupLine is not null).Select(row => row.GroupLine!.Value).ToArray();
        var lines = (leaders.Length == 0 ? [] : await connection.QueryAsync<OrderLineRecord>(new CommandDefinition(LinesSql,
            new { ManifestId = manifestId, Leaders = leaders }, transaction, cancellationToken: cancellationToken))).ToLookup(line => line.GroupLine);
        var fresh = needBody.Select(row => row with { RequestBody = buildBody(row, row.GroupLine is { } leader ? [.. lines[leader]] : []) }).ToList();
        var withBody = fresh.Where(row => row.RequestBody is not null).ToList();
        if (withBody.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(FixBodiesSql,
                new { RowIds = withBody.Select(row => row.RowId).ToArray(), Bodies = withBody.Select(row => row.RequestBody).ToArray() },
                transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        var fixedBodies = fresh.ToDictionary(row => row.RowId);
        return claimed.Select(row => fixedBodies.GetValueOrDefault(row.RowId, row)).OrderBy(row => row.RowId).ToList();
    }

    public async Task ExtendLeaseAsync(Guid owner, long[] rowIds, int leaseSeconds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ExtendLeaseSql, new { Owner = owner, RowIds = rowIds, LeaseSeconds = leaseSeconds },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Writes outcomes and attempts in one transaction; returns how many rows this owner still held, and the manifests that
    /// took over the return of a row that failed (proven not applied) after its manifest was cancelled (HandBackStore).
    /// </summary>
    public Task<RecordedOutcomes> RecordOutcomesAsync(Guid owner, IReadOnlyList<RowOutcome> outcomes, CancellationToken cancellationToken) =>
        ReturnInvariant.RetryRacesAsync(() => RecordOutcomesOnceAsync(owner, outcomes, cancellationToken));

    private async Task<RecordedOutcomes> RecordOutcomesOnceAsync(Guid owner, IReadOnlyList<RowOutcome> outcomes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var attempts = outcomes.SelectMany(outcome => outcome.Attempts.Select(attempt => (outcome.RowId, Attempt: attempt))).ToList();
        await connection.ExecuteAsync(new CommandDefinition(RecordAttemptsSql, new
        {
            RowIds = attempts.Select(a => a.RowId).ToArray(),
            AttemptedAts = attempts.Select(a => a.Attempt.AttemptedAt).ToArray(),
            IdempotencyKeys = attempts.Select(a => a.Attempt.IdempotencyKey).ToArray(),
            Outcomes = attempts.Select(a => a.Attempt.Outcome).ToArray(),
            HttpStatuses = attempts.Select(a => a.Attempt.HttpStatus).ToArray(),
            ErrorCodes = attempts.Select(a => a.Attempt.ErrorCode).ToArray(),
            CorrelationIds = attempts.Select(a => a.Attempt.CorrelationId).ToArray(),
        }, transaction, cancellationToken: cancellationToken));
        var updated = (await connection.QueryAsync<(Guid ManifestId, int LineNumber, bool NeedsReview, string Account, string Action, string State)>(new CommandDefinition(RecordOutcomesSql, new
        {
            Owner = owner,
            RowIds = outcomes.Select(o => o.RowId).ToArray(),
            States = outcomes.Select(o => RowStateText.Of(o.State)).ToArray(),
            HttpStatuses = outcomes.Select(o => o.HttpStatus).ToArray(),
            RefundIds = outcomes.Select(o => o.RefundId).ToArray(),
            Locations = outcomes.Select(o => o.Location).ToArray(),
            ErrorCodes = outcomes.Select(o => o.ErrorCode).ToArray(),
            ErrorMessages = outcomes.Select(o => o.ErrorMessage).ToArray(),
            CorrelationIds = outcomes.Select(o => o.CorrelationId).ToArray(),
            Retryables = outcomes.Select(o => o.Retryable).ToArray(),
            AttemptCounts = outcomes.Select(o => o.Attempts.Count).ToArray(),
            FirstAttempts = outcomes.Select(o => o.Attempts.Count > 0 ? o.Attempts[0].AttemptedAt : (DateTimeOffset?)null).ToArray(),
            CompletedAts = outcomes.Select(o => o.CompletedAt).ToArray(),
            NewKeys = outcomes.Select(o => o.NewIdempotencyKey).ToArray(),
        }, transaction, cancellationToken: cancellationToken))).ToList();
        // Only rows this worker recorded: a row whose lease passed on is reported by the worker that records it.
        var raised = new List<RaisedEvent?>();
        foreach (var manifest in updated.Where(row => row.NeedsReview).GroupBy(row => row.ManifestId))
        {
            var lines = manifest.Select(row => row.LineNumber).Order().ToArray();
            raised.Add(await notifier.RaiseAsync(connection, transaction, new NotificationEvent(NotificationType.RowsNeedReview, manifest.Key,
                Notifier.Data(new { Rows = lines.Length, LineNumbers = lines })), cancellationToken));
        }

        // Cheap when nothing failed retryably; the statement itself checks that the row's manifest was cancelled.
        var handedTo = await HandBackStore.HandBackAsync(connection, transaction,
            [.. outcomes.Where(o => o.State == RowState.Failed && o.Retryable == true).Select(o => o.RowId)], calendar.Today(), cancellationToken);
        foreach (var (held, cancelled) in handedTo.SelectMany(held => updated.Select(row => row.ManifestId).Distinct().Select(cancelled => (held, cancelled))))
        {
            raised.Add(await notifier.RaiseAsync(connection, transaction, HandedBackNotice.For(held, cancelled, null), cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var @event in raised)
        {
            await notifier.EnqueueAsync(@event, cancellationToken);
        }

        // Counted here, after the commit, so a row is counted once: by the worker that held it when its outcome was written.
        foreach (var finished in updated.Where(row => row.State != RowStateText.Of(RowState.Staged)).CountBy(row => (row.Account, row.Action, row.State)))
        {
            telemetry.RowsFinished(finished.Key.Account, finished.Key.Action, finished.Key.State, finished.Value);
        }

        return new RecordedOutcomes(updated.Count, handedTo);
    }
}
