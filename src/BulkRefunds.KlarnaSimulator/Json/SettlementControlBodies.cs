using BulkRefunds.KlarnaSimulator.Settlements;

namespace BulkRefunds.KlarnaSimulator.Json;

/// <summary>Bodies of the /_sim/settlements control endpoints (docs/simulator.md).</summary>
internal static class SettlementControlBodies
{
    /// <summary>POST /_sim/settlements/withhold: <c>{ "refund_id": "…" }</c>.</summary>
    public sealed record Withhold(string? RefundId);

    /// <summary>
    /// POST /_sim/settlements/transactions: a transaction the tool never made. Type and detailed type default to
    /// RETURN/PURCHASE_RETURN (a refund made elsewhere); RETURN/PAYMENT_DEFAULT and REVERSAL/REVERSAL are Klarna's own.
    /// Amount is the magnitude; capture_date defaults to now on the simulator's clock.
    /// </summary>
    public sealed record AddTransaction(string? OrderId, long? Amount, string? Currency, string? RefundId, string? Reference,
        string? Type, string? DetailedType, DateTimeOffset? CaptureDate)
    {
        public (SettlementTransaction? Transaction, IReadOnlyList<string> Problems) ToTransaction(DateTimeOffset now)
        {
            List<string> problems = [];
            if (string.IsNullOrWhiteSpace(OrderId))
            {
                problems.Add("order_id is required");
            }

            if (Amount is not > 0)
            {
                problems.Add("amount must be a positive number of minor units (the wire sign follows settlement_amount_sign)");
            }

            if (Currency is not { Length: 3 })
            {
                problems.Add("currency must be an ISO 4217 code");
            }

            return problems.Count > 0 ? (null, problems) : (new SettlementTransaction(
                Type ?? SettlementTransaction.Return, DetailedType ?? SettlementTransaction.PurchaseReturn, OrderId!, RefundId, Reference,
                Amount!.Value, Currency!.ToUpperInvariant(), CaptureDate ?? now), []);
        }
    }

    /// <summary>POST /_sim/settlements/generate: <c>{ "transactions": 1000000, "from": "2026-10-01", "to": "2026-10-31", "currency": "EUR" }</c>.</summary>
    public sealed record Generate(long Transactions, DateOnly? From, DateOnly? To, string? Currency);
}
