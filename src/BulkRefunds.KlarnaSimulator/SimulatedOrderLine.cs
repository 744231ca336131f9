using System.Text.Json;
using System.Text.Json.Serialization;

namespace BulkRefunds.KlarnaSimulator;

/// <summary>
/// Klarna's order_line, used by orders, captures and refunds. Required fields are nullable so that a
/// refund request missing them can be answered with 422 instead of failing deserialisation.
/// </summary>
public sealed record SimulatedOrderLine
{
    public string? Name { get; init; }

    public string? Type { get; init; }

    public string? Reference { get; init; }

    public long? Quantity { get; init; }

    public string? QuantityUnit { get; init; }

    public long? UnitPrice { get; init; }

    public int? TaxRate { get; init; }

    public long? TotalAmount { get; init; }

    public long? TotalDiscountAmount { get; init; }

    public long? TotalTaxAmount { get; init; }

    public string? MerchantData { get; init; }

    public string? ProductUrl { get; init; }

    public string? ImageUrl { get; init; }

    /// <summary>Fields the simulator does not model (product_identifiers, subscription, …), kept so they round-trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
