namespace BulkRefunds.Audit;

/// <summary>The stored (and exported) name of each act.</summary>
public static class AuditActText
{
    public static string Of(AuditAct act) => act switch
    {
        AuditAct.Upload => "upload",
        AuditAct.Approve => "approve",
        AuditAct.Cancel => "cancel",
        AuditAct.Retry => "retry",
        AuditAct.Resolve => "resolve",
        AuditAct.ResolveConfirm => "resolve_confirm",
        AuditAct.VerifyReport => "verify_report",
        AuditAct.SignInLockout => "sign_in_lockout",
        AuditAct.ReleaseStale => "release_stale",
        _ => throw new ArgumentOutOfRangeException(nameof(act), act, null),
    };

    public static AuditAct Parse(string text) =>
        Enum.GetValues<AuditAct>().FirstOrDefault(act => Of(act) == text) is var act && Of(act) == text
            ? act
            : throw new FormatException($"Unknown audit act '{text}'.");
}
