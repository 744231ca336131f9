using BulkRefunds.Dispatch;

namespace BulkRefunds.Host.Cli;

/// <summary>
/// Which of <c>resolve</c>'s acts the command line asked for (Verbs checks there is exactly one): an outcome (with the
/// refund id of <c>--refunded</c>; <c>--released</c> is refunded without one), or confirming or rejecting a proposal.
/// </summary>
public sealed record ResolveAct(ResolutionOutcome? Outcome, string? RefundId, bool Confirm, bool Reject);
