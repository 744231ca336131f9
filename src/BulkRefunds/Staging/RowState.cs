namespace BulkRefunds.Staging;

/// <summary>The states of <c>bulkrefunds.manifest_row.state</c> (the CHECK constraint in sql/ lists the same).</summary>
public static class RowState
{
    public const string Staged = "staged";
    public const string Sending = "sending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string InDoubt = "in_doubt";

    /// <summary>Past Klarna's idempotency window and not settled by GET order: a person must look.</summary>
    public const string NeedsReview = "needs_review";

    /// <summary>A release of an order with nothing left to release; terminal, never retried.</summary>
    public const string NotReleasable = "not_releasable";
    public const string Invalid = "invalid";
    public const string Duplicate = "duplicate";

    /// <summary>A release waiting for its not_before day; not part of the manifest's dispatch.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>An order line of the refund carried by the row on <c>group_line</c>; never sent by itself.</summary>
    public const string OrderLine = "order_line";

    /// <summary>Not sent because an operator cancelled the rest of the manifest; terminal.</summary>
    public const string Skipped = "skipped";

    /// <summary>Failed with a retryable cause, and a later upload of the same return took it over; terminal, never retried.</summary>
    public const string Superseded = "superseded";

    /// <summary>States that still need work; a manifest is complete when none of its rows is in one.</summary>
    public static IReadOnlyList<string> Open { get; } = [Staged, Sending];
}
