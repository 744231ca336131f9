namespace BulkRefunds.Manifests;

/// <summary>The column names a manifest may use (matched case-insensitively, surrounding spaces trimmed).</summary>
public static class ManifestColumns
{
    public const string Action = "action";
    public const string OrderId = "order_id";
    public const string Account = "account";
    public const string Currency = "currency";
    public const string Amount = "amount";
    public const string RefundedAmount = "refunded_amount";
    public const string Reference = "reference";
    public const string Description = "description";
    public const string NotBefore = "not_before";
    public const string ReturnFee = "return_fee";
    public const string LineName = "line_name";
    public const string LineReference = "line_reference";
    public const string LineType = "line_type";
    public const string LineQuantity = "line_quantity";
    public const string LineUnitPrice = "line_unit_price";
    public const string LineTotalAmount = "line_total_amount";
    public const string LineTaxRate = "line_tax_rate";
    public const string LineTotalTaxAmount = "line_total_tax_amount";
    public const string LineTotalDiscountAmount = "line_total_discount_amount";

    public static IReadOnlyList<string> All { get; } =
    [
        Action, OrderId, Account, Currency, Amount, RefundedAmount, Reference, Description, NotBefore, ReturnFee,
        LineName, LineReference, LineType, LineQuantity, LineUnitPrice, LineTotalAmount, LineTaxRate, LineTotalTaxAmount,
        LineTotalDiscountAmount,
    ];

    public static IReadOnlyList<string> Lines { get; } =
    [
        LineName, LineReference, LineType, LineQuantity, LineUnitPrice, LineTotalAmount, LineTaxRate, LineTotalTaxAmount,
        LineTotalDiscountAmount,
    ];

    /// <summary>Klarna's order line types (contract §3.1).</summary>
    public static IReadOnlySet<string> LineTypes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "physical", "discount", "shipping_fee", "sales_tax", "store_credit", "gift_card", "digital", "surcharge", "return_fee",
    };
}
