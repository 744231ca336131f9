namespace BulkRefunds.Klarna;

/// <summary>Body of POST /ordermanagement/v1/orders/{order_id}/refunds (amounts in minor units).</summary>
public sealed record RefundRequest(long RefundedAmount, string? Reference, string? Description);
