using System.Text.Json;
using System.Text.Json.Serialization;

namespace BulkRefunds.KlarnaSimulator;

/// <summary>One refund, as in GET order's refunds[] and GET …/refunds/{refund_id}.</summary>
public sealed record SimulatedRefund
{
    public required string RefundId { get; init; }

    public long RefundedAmount { get; init; }

    public DateTimeOffset RefundedAt { get; init; }

    public string? Description { get; init; }

    public string? Reference { get; init; }

    public IReadOnlyList<SimulatedOrderLine> OrderLines { get; init; } = [];

    /// <summary>Unmodelled fields of seeded refunds (credit_invoice, …), kept so they round-trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
