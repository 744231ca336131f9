using System.Text.Json;
using System.Text.Json.Serialization;

namespace BulkRefunds.KlarnaSimulator;

/// <summary>An order in the shape of GET /ordermanagement/v1/orders/{order_id} (snake_case on the wire).</summary>
public sealed record SimulatedOrder
{
    public required string OrderId { get; init; }

    public string Status { get; init; } = OrderStatus.Authorized;

    public string FraudStatus { get; init; } = "ACCEPTED";

    public long OrderAmount { get; init; }

    public long OriginalOrderAmount { get; init; }

    public long CapturedAmount { get; init; }

    public long RefundedAmount { get; init; }

    public long RemainingAuthorizedAmount { get; init; }

    public string? PurchaseCurrency { get; init; }

    public string? PurchaseCountry { get; init; }

    public string? Locale { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public IReadOnlyList<SimulatedOrderLine> OrderLines { get; init; } = [];

    public IReadOnlyList<SimulatedCapture> Captures { get; init; } = [];

    public IReadOnlyList<SimulatedRefund> Refunds { get; init; } = [];

    /// <summary>klarna_reference, addresses, customer, initial_payment_method, …: not modelled, kept so they round-trip.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? AdditionalProperties { get; init; }
}
