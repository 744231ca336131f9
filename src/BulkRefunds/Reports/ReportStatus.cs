using BulkRefunds.Manifests;
using BulkRefunds.Staging;

namespace BulkRefunds.Reports;

/// <summary>The small, documented set of statuses a report line can have (README.md, "Report").</summary>
public static class ReportStatus
{
    public const string Succeeded = "succeeded";
    public const string Released = "released";
    public const string Failed = "failed";
    public const string Invalid = "invalid";
    public const string Duplicate = "duplicate";
    public const string NeedsReview = "needs_review";
    public const string Pending = "pending";
    public const string Scheduled = "scheduled";
    public const string NotReleasable = "not_releasable";
    public const string Skipped = "skipped";
    public const string Superseded = "superseded";

    public static string For(RowRecord row) => For(row.State, row.Action);

    public static string For(RowState state, ManifestAction action) => state switch
    {
        RowState.Succeeded => action == ManifestAction.Release ? Released : Succeeded,
        RowState.Failed => Failed,
        RowState.Invalid => Invalid,
        RowState.Duplicate => Duplicate,
        RowState.Scheduled => Scheduled,
        // Sent but unanswered after every retry: Klarna may have applied it, so a person must look.
        RowState.InDoubt or RowState.NeedsReview => NeedsReview,
        RowState.NotReleasable => NotReleasable,
        RowState.Skipped => Skipped,
        // Its return is held by a later upload's row (the note names it); its money went there or nowhere, never here.
        RowState.Superseded => Superseded,
        _ => Pending,
    };
}
