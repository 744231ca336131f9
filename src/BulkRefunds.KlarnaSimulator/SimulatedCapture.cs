using System.Text.Json;
using System.Text.Json.Serialization;

namespace BulkRefunds.KlarnaSimulator;

/// <summary>One capture of an order (one consumer invoice), as in GET order's captures[].</summary>
public sealed record SimulatedCapture
{
    public required string CaptureId { get; init; }

    public string? KlarnaReference { get; init; }

    public long CapturedAmount { get; init; }

    public DateTimeOffset? CapturedAt { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<SimulatedOrderLine> OrderLines { get; init; } = [];

    /// <summary>Only refunds that could be allocated to this capture (matching line references) count here.</summary>
    public long RefundedAmount { get; init; }

    public string? Reference { get; init; }

    /// <summary>Addresses, shipping_info and other unmodelled fields, kept so they round-trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
