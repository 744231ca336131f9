using BulkRefunds.Staging;

namespace BulkRefunds.Dispatch;

/// <summary>
/// The state a dispatch reached for a row, with every attempt it made. <see cref="NewIdempotencyKey"/> is set only
/// when a row past Klarna's key window was proven not applied: it goes back to <c>staged</c> under that new key.
/// </summary>
public sealed record RowOutcome(
    long RowId,
    RowState State,
    int? HttpStatus,
    string? RefundId,
    string? Location,
    string? ErrorCode,
    string? ErrorMessage,
    string? CorrelationId,
    bool? Retryable,
    DateTimeOffset CompletedAt,
    IReadOnlyList<AttemptRecord> Attempts,
    Guid? NewIdempotencyKey = null)
{
    /// <summary>Klarna applied it: its 201/204, or GET order showed the refund (the message says which proof).</summary>
    public static RowOutcome Succeeded(long rowId, int? httpStatus, string? refundId, string? location, string? message, string? correlationId,
        DateTimeOffset at, IReadOnlyList<AttemptRecord> attempts) =>
        new(rowId, RowState.Succeeded, httpStatus, refundId, location, null, message, correlationId, null, at, attempts);

    /// <summary>Proven not applied (Klarna's final answer, preflight, GET order, or nothing could apply); retryable says whether sending again may help.</summary>
    public static RowOutcome Failed(long rowId, int? httpStatus, string? errorCode, string? message, string? correlationId, bool retryable,
        DateTimeOffset at, IReadOnlyList<AttemptRecord> attempts) =>
        new(rowId, RowState.Failed, httpStatus, null, null, errorCode, message, correlationId, retryable, at, attempts);

    /// <summary>A release with nothing left to release (preflight or Klarna's 403); terminal, never retried.</summary>
    public static RowOutcome NotReleasable(long rowId, int? httpStatus, string? errorCode, string? message, string? correlationId,
        DateTimeOffset at, IReadOnlyList<AttemptRecord> attempts) =>
        new(rowId, RowState.NotReleasable, httpStatus, null, null, errorCode, message, correlationId, false, at, attempts);

    /// <summary>May have been applied and nothing can tell: a person checks the order before anything is sent again.</summary>
    public static RowOutcome NeedsReview(long rowId, int? httpStatus, string message, string? correlationId,
        DateTimeOffset at, IReadOnlyList<AttemptRecord> attempts) =>
        new(rowId, RowState.NeedsReview, httpStatus, null, null, "NEEDS_REVIEW", message, correlationId, null, at, attempts);

    /// <summary>Past the key window and proven never applied: staged again under <paramref name="newKey"/>, stored before any call uses it.</summary>
    public static RowOutcome Rekeyed(long rowId, Guid newKey, string message, string? correlationId, DateTimeOffset at, IReadOnlyList<AttemptRecord> attempts) =>
        new(rowId, RowState.Staged, null, null, null, "RESENT_WITH_NEW_KEY", message, correlationId, true, at, attempts, newKey);

    /// <summary>A refusal decided before or by Klarna, as <see cref="Failed"/> or <see cref="NotReleasable"/> by its state.</summary>
    public static RowOutcome Refused(long rowId, RowState state, int? httpStatus, string? errorCode, string? message, string? correlationId, bool retryable,
        DateTimeOffset at, IReadOnlyList<AttemptRecord> attempts) =>
        state == RowState.NotReleasable
            ? NotReleasable(rowId, httpStatus, errorCode, message, correlationId, at, attempts)
            : Failed(rowId, httpStatus, errorCode, message, correlationId, retryable, at, attempts);
}

/// <summary>One HTTP attempt, as recorded in <c>bulkrefunds.row_attempt</c>, with the key it was sent with.</summary>
public sealed record AttemptRecord(DateTimeOffset AttemptedAt, Guid IdempotencyKey, string Outcome, int? HttpStatus, string? ErrorCode, string? CorrelationId);
