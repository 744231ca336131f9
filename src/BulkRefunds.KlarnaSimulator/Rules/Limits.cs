namespace BulkRefunds.KlarnaSimulator.Rules;

/// <summary>Schema limits from Klarna's OM OpenAPI (RefundObject and order_line).</summary>
internal static class Limits
{
    public const long MaxAmount = 200_000_000;
    public const int MaxOrderLines = 1000;
    public const int MaxText = 255;
    public const int MaxQuantityUnit = 10;
    public const int MaxUrlOrMerchantData = 1024;
}
