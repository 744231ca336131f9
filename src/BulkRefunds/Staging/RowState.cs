namespace BulkRefunds.Staging;

/// <summary>
/// The states of <c>bulkrefunds.manifest_row.state</c> (the CHECK constraint in sql/ lists the same). The column holds
/// text; stores map it with <see cref="RowStateText"/> and nowhere else.
/// </summary>
public enum RowState
{
    Staged,
    Sending,
    Succeeded,
    Failed,
    InDoubt,

    /// <summary>Past Klarna's idempotency window and not settled by GET order: a person must look.</summary>
    NeedsReview,

    /// <summary>A release of an order with nothing left to release; terminal, never retried.</summary>
    NotReleasable,
    Invalid,
    Duplicate,

    /// <summary>A release waiting for its not_before day; not part of the manifest's dispatch.</summary>
    Scheduled,

    /// <summary>An order line of the refund carried by the row on <c>group_line</c>; never sent by itself.</summary>
    OrderLine,

    /// <summary>Not sent because an operator cancelled the rest of the manifest; terminal.</summary>
    Skipped,

    /// <summary>Failed with a retryable cause, and a later upload of the same return took it over; terminal, never retried.</summary>
    Superseded,
}
