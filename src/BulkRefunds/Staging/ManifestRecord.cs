namespace BulkRefunds.Staging;

/// <summary>
/// A row of <c>bulkrefunds.manifest</c>. Times are UTC (Npgsql reads timestamptz as UTC DateTime). A manifest with
/// <see cref="ApprovalRequired"/> and no <see cref="ApprovedAt"/> is awaiting approval: nothing of it is sent.
/// <see cref="ApprovedAt"/> is set when <see cref="ApprovalsRequired"/> different operators have approved it.
/// <see cref="AutoReleaseAfterDays"/> is set only on the release sweep's auto-release manifests (sql/0013).
/// </summary>
public sealed record ManifestRecord(
    Guid ManifestId,
    string FileName,
    string Sha256,
    long SizeBytes,
    DateTime UploadedAt,
    string UploadedBy,
    int RowCount,
    DateTime? CompletedAt,
    bool ApprovalRequired = false,
    DateTime? ApprovedAt = null,
    string? ApprovedBy = null,
    int ApprovalsRequired = 1,
    int? AutoReleaseAfterDays = null)
{
    // A manifest cancelled before approval is complete: there is nothing left to approve.
    public bool AwaitingApproval => ApprovalRequired && ApprovedAt is null && CompletedAt is null;
}
