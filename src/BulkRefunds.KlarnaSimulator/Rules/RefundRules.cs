namespace BulkRefunds.KlarnaSimulator.Rules;

/// <summary>Business rules for accepting a refund (403 REFUND_NOT_ALLOWED), checked in this order.</summary>
internal static class RefundRules
{
    /// <summary>The rejection message, or null when the refund is accepted.</summary>
    public static string? Reject(SimulatedOrder order, long amount, IReadOnlyList<SimulatedOrderLine> lines, SimulatorOptions options)
    {
        // Cancelled and never-captured orders both land here: Klarna cancels them, it does not refund them.
        if (order.Captures.Count == 0 || order.CapturedAmount <= 0)
        {
            return "Order has no captures. Refund not possible";
        }

        // Cumulative, not per request: this is what stops a retried refund without a key from paying twice.
        if (order.RefundedAmount + amount > order.CapturedAmount)
        {
            return "Over refund is not allowed. Refund not possible.";
        }

        return ReturnFee.IsRequested(lines) ? ReturnFee.Reject(order, amount, lines, options) : null;
    }
}
