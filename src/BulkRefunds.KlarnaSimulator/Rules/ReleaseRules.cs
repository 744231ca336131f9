namespace BulkRefunds.KlarnaSimulator.Rules;

/// <summary>
/// When release-remaining-authorization is allowed: only on a partly captured order with authorization
/// left. The resulting state (CAPTURED, remaining 0) is UNCONFIRMED publicly; it is the natural reading.
/// </summary>
internal static class ReleaseRules
{
    /// <summary>The 403 NOT_ALLOWED message, or null when the release is allowed.</summary>
    public static string? Reject(SimulatedOrder order)
    {
        if (string.Equals(order.Status, OrderStatus.Cancelled, StringComparison.OrdinalIgnoreCase)
            || order.Captures.Count == 0
            || order.CapturedAmount <= 0)
        {
            return "Can not release when order is cancelled or has no captures.";
        }

        // Also what a second release gets: after the first, nothing is left to release.
        if (order.RemainingAuthorizedAmount <= 0)
        {
            return "Order is fully captured. Remaining authorization cannot be released.";
        }

        return null;
    }
}
