namespace BulkRefunds.Staging;

/// <summary>
/// How a file is staged: <paramref name="RequireApproval"/> holds it in awaiting_approval until an operator approves it;
/// <paramref name="FileName"/> is the name the uploader gave it when the bytes were saved under another (web uploads).
/// </summary>
public sealed record ImportOptions(bool RequireApproval = false, string? FileName = null);
