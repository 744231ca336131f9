using BulkRefunds.Manifests;

namespace BulkRefunds.Dispatch;

/// <summary>
/// A row this worker has moved to 'sending' and holds the lease of; its key and body are fixed. <see cref="FirstClaim"/>
/// is true when nothing was ever sent for it; a re-claimed row (its worker died) may have reached Klarna, so it is
/// resent with its key and never judged again by the refund checks it may itself have changed. <see cref="AutoRelease"/>
/// marks a release the release sweep wrote for a stale authorization (its manifest is uploaded by
/// <see cref="AutoReleaseUploader"/>): the staleness rule is checked again on every send, against
/// <see cref="AutoReleaseAfterDays"/>, the threshold the sweep planned it with (<c>manifest.auto_release_after_days</c>;
/// null on auto-release manifests imported before it was recorded).
/// </summary>
public sealed record ClaimedRow(
    long RowId,
    int LineNumber,
    string Account,
    ManifestAction Action,
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
    bool FirstClaim,
    bool AutoRelease = false,
    int? AutoReleaseAfterDays = null)
{
    /// <summary>The <c>uploaded_by</c> of the manifests the release sweep writes for auto-release.</summary>
    public const string AutoReleaseUploader = "release-sweep";
}
