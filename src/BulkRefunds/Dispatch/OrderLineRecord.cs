namespace BulkRefunds.Dispatch;

/// <summary>An order line staged on a manifest row, read when its refund is first claimed.</summary>
public sealed record OrderLineRecord(
    int GroupLine,
    int LineNumber,
    string Name,
    string? Reference,
    string Type,
    long Quantity,
    long UnitPrice,
    long TotalAmount,
    int? TaxRate,
    long? TotalTaxAmount,
    long TotalDiscountAmount);
