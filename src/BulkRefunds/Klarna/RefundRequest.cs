namespace BulkRefunds.Klarna;

/// <summary>Body of POST /ordermanagement/v1/orders/{order_id}/refunds (amounts in minor units).</summary>
public sealed record RefundRequest(long RefundedAmount, string? Reference, string? Description, IReadOnlyList<RefundOrderLine>? OrderLines = null);

/// <summary>
/// Klarna's order_line in a refund. <c>Reference</c> (the SKU) is what Klarna allocates a refund to a capture by;
/// a return fee is a line of type <c>return_fee</c> with a negative unit price.
/// </summary>
public sealed record RefundOrderLine(
    string Name,
    string Type,
    string? Reference,
    long Quantity,
    long UnitPrice,
    long TotalAmount,
    long? TotalDiscountAmount = null,
    int? TaxRate = null,
    long? TotalTaxAmount = null);
