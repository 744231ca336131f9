namespace BulkRefunds.Dispatch;

/// <summary>What one operator's approval did to a manifest.</summary>
public enum ApprovalOutcome
{
    /// <summary>Not awaiting approval (none needed, already approved, or cancelled): nothing recorded.</summary>
    NotAwaiting,

    /// <summary>The four-eyes rule: the uploader cannot approve their own upload. Nothing recorded.</summary>
    OwnUpload,

    /// <summary>This operator has approved it before; the same person never counts twice. Nothing recorded.</summary>
    AlreadyApprovedByUser,

    /// <summary>Recorded, but more approvals by other operators are needed before anything is sent.</summary>
    Recorded,

    /// <summary>Recorded, and it completed the count: the manifest is approved and may be sent.</summary>
    Approved,
}
