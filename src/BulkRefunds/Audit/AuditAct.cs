namespace BulkRefunds.Audit;

/// <summary>The operator acts the audit trail records (the CHECK on <c>audit_entry.act</c> lists the same).</summary>
public enum AuditAct
{
    Upload,
    Approve,
    Cancel,
    Retry,
    Resolve,
    ResolveConfirm,
    VerifyReport,
    SignInLockout,
    ReleaseStale,
}
