namespace BulkRefunds.Staging;

/// <summary>
/// How a file is staged: <paramref name="RequireApproval"/> holds it in awaiting_approval until an operator approves it,
/// and <paramref name="ApprovalsRequired"/> says how many different operators must (2 when no signed-in person uploaded
/// it and the four-eyes rule applies, see <c>ApprovalOptions.ApprovalsFor</c>);
/// <paramref name="FileName"/> is the name the uploader gave it when the bytes were saved under another (web uploads);
/// <paramref name="AutoReleaseAfterDays"/> is the threshold the release sweep planned an auto-release manifest with
/// (its releases are checked against it when sent, whichever worker sends them).
/// </summary>
public sealed record ImportOptions(bool RequireApproval = false, string? FileName = null, int ApprovalsRequired = 1, int? AutoReleaseAfterDays = null);
