namespace BulkRefunds.KlarnaSimulator.Settlements;

/// <summary>
/// One settlement transaction the simulator books: from an applied refund, or added through /_sim/settlements.
/// <paramref name="Amount"/> is the magnitude in minor units; the wire sign follows <see cref="SimulatorOptions.SettlementAmountSign"/>.
/// <paramref name="CaptureDate"/> is when Klarna registered it; with the payout delay it decides the payout.
/// </summary>
public sealed record SettlementTransaction(
    string Type,
    string DetailedType,
    string OrderId,
    string? RefundId,
    string? MerchantRefundReference,
    long Amount,
    string Currency,
    DateTimeOffset CaptureDate)
{
    public const string Return = "RETURN";
    public const string PurchaseReturn = "PURCHASE_RETURN";
    public const string PaymentDefault = "PAYMENT_DEFAULT";
    public const string Reversal = "REVERSAL";
}
