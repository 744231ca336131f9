using BulkRefunds.KlarnaSimulator.Settlements;

namespace BulkRefunds.KlarnaSimulator.Json;

/// <summary>
/// The Settlements API's JSON as the simulator writes it (settlements-contract.md §2, §3): every totals field the spec
/// requires, capture_id "" on returns, absolute links like Klarna's.
/// </summary>
internal static class SettlementsBodies
{
    public sealed record PayoutCollection(IReadOnlyList<Payout> Payouts, Pagination Pagination);

    public sealed record TransactionCollection(IReadOnlyList<Transaction> Transactions, Pagination Pagination);

    public sealed record Pagination(long Count, long Total, long Offset, string? Next, string? Prev);

    public sealed record Payout(Totals Totals, string PaymentReference, DateTimeOffset PayoutDate, string CurrencyCode,
        string MerchantSettlementType, string MerchantId, string Transactions);

    // No sales are simulated: returns exceed sales, so nothing is paid out and the debt rises by the deposit (§2.2, §5.4).
    public sealed record Totals(long SaleAmount, long ReturnAmount, long ReversalAmount, long FeeAmount, long CommissionAmount,
        long HoldbackAmount, long ReleaseAmount, long RepayAmount, long ChargeAmount, long CreditAmount, long FeeRefundAmount,
        long TaxRefundAmount, long DepositAmount, long OpeningDebtBalanceAmount, long ClosingDebtBalanceAmount, long SettlementAmount);

    public sealed record Transaction(long Amount, string Type, string DetailedType, string OrderId, string? RefundId, string CaptureId,
        string? MerchantRefundReference, DateTimeOffset SaleDate, DateTimeOffset CaptureDate, string PaymentReference, string Payout,
        string CurrencyCode);

    public static Payout From(SimulatedPayout payout, string api)
    {
        var (returns, reversals) = (payout.ReturnAmount, payout.ReversalAmount);
        var deposit = returns + reversals;
        return new Payout(new Totals(0, returns, reversals, 0, 0, 0, 0, 0, 0, 0, 0, 0, deposit, 0, deposit, 0),
            payout.PaymentReference, payout.PayoutDate, payout.Currency, "NET", "K_SIMULATOR",
            $"{api}transactions?payment_reference={Uri.EscapeDataString(payout.PaymentReference)}");
    }

    public static Transaction From(SimulatedPayout payout, SettlementTransaction row, SettlementAmountSign sign, string api) => new(
        sign == SettlementAmountSign.Negative ? -row.Amount : row.Amount, row.Type, row.DetailedType, row.OrderId, row.RefundId, "",
        row.MerchantRefundReference, row.CaptureDate, row.CaptureDate, payout.PaymentReference,
        $"{api}payouts/{Uri.EscapeDataString(payout.PaymentReference)}", row.Currency);
}
