namespace BulkRefunds.Staging;

/// <summary>
/// How a file is staged: <paramref name="RequireApproval"/> holds it in awaiting_approval until an operator approves it,
/// and <paramref name="ApprovalsRequired"/> says how many different operators must (2 when no signed-in person uploaded
/// it and the four-eyes rule applies, see <c>ApprovalOptions.ApprovalsFor</c>);
/// <paramref name="FileName"/> is the name the uploader gave it when the bytes were saved under another (web uploads).
/// </summary>
public sealed record ImportOptions(bool RequireApproval = false, string? FileName = null, int ApprovalsRequired = 1);
