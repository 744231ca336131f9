namespace BulkRefunds.Staging;

/// <summary>
/// A row this worker has moved to 'sending' and holds the lease of; its key and body are fixed. <see cref="FirstClaim"/>
/// is true when nothing was ever sent for it; a re-claimed row (its worker died) may have reached Klarna, so it is
/// resent with its key and never judged again by preflight.
/// </summary>
public sealed record ClaimedRow(
    long RowId,
    int LineNumber,
    string Account,
    string Action,
    string OrderId,
    string? Currency,
    long? AmountMinor,
    string? Reference,
    string? Description,
    Guid IdempotencyKey,
    string? RequestBody,
    int Attempts,
    DateTime? FirstAttemptAt,
    int? GroupLine,
    long? ReturnFeeMinor,
    bool FirstClaim);
