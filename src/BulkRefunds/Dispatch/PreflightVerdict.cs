using BulkRefunds.Staging;

namespace BulkRefunds.Dispatch;

/// <summary>Why preflight refused a row locally (nothing was sent); null verdict means "send it".</summary>
public sealed record PreflightVerdict(RowState State, string ErrorCode, string Message);
