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

    public static IReadOnlyList<string> All { get; } =
        [Action, OrderId, Account, Currency, Amount, RefundedAmount, Reference, Description];
}
