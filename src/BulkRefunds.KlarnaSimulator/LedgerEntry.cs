using System.Text.Json.Serialization;

namespace BulkRefunds.KlarnaSimulator;

/// <summary>
/// One state change the simulator applied, in application order. Idempotent replays add none, so tests
/// can prove "exactly once" by counting entries.
/// </summary>
/// <param name="Kind"><c>refund</c> or <c>release</c>.</param>
/// <param name="RefundId">Null for a release.</param>
/// <param name="IdempotencyKey">The Klarna-Idempotency-Key of the request, null when none was sent.</param>
/// <param name="RefundedAmount">Minor units; 0 for a release.</param>
public sealed record LedgerEntry(
    string Kind,
    string OrderId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? RefundId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? IdempotencyKey,
    long RefundedAmount,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Reference,
    DateTimeOffset AppliedAt)
{
    public const string RefundKind = "refund";
    public const string ReleaseKind = "release";
}
