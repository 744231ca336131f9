namespace BulkRefunds.Manifests;

/// <summary>
/// An order line given on a manifest row (Klarna's order_line, amounts in minor units). Rows with lines and the
/// same account, order_id and reference become one refund with these lines.
/// </summary>
public sealed record ManifestLine(
    string Name,
    string? Reference,
    string Type,
    long Quantity,
    long UnitPrice,
    long TotalAmount,
    int? TaxRate,
    long? TotalTaxAmount,
    long TotalDiscountAmount);
