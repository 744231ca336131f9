using BulkRefunds.Manifests;
using System.Globalization;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;

namespace BulkRefunds.Dispatch;

/// <summary>
/// Refuses locally, with a reason a finance user can act on, what Klarna would refuse or what would move the wrong
/// money: unknown orders, a currency that is not the order's, more than is left to refund, orders without captures,
/// ineligible return fees, and releases of orders with nothing left to release.
/// </summary>
public static class Preflight
{
    /// <param name="pendingMinor">What earlier rows of this batch already refunded on the order (not yet in Klarna's view).</param>
    /// <param name="stableOnly">
    /// For a refund taken over from a worker that died: its first request may be applied, so only checks that no refund
    /// can change are made (currency, captures, return-fee eligibility) — had one failed, the first claim would have
    /// refused the row and nothing was sent. The over-refund check is skipped: our own earlier request would make the
    /// order look already refunded. Releases are judged by <see cref="CheckRelease"/> on every send.
    /// </param>
    public static PreflightVerdict? Check(ClaimedRow row, KlarnaOrder order, long pendingMinor, IReadOnlyCollection<string> returnFeeCountries,
        bool stableOnly = false) =>
        row.Action == ManifestAction.Release ? CheckRelease(order, null, default) : CheckRefund(row, order, pendingMinor, returnFeeCountries, stableOnly);

    /// <summary>
    /// The release rules, on every send and when planning: something is left to release; and for an auto-release
    /// (<paramref name="staleAfterDays"/>, the threshold its sweep planned it with) no capture for that many days before
    /// <paramref name="now"/>. Capture dates that are missing prove nothing, so such an order is not releasable by that
    /// rule, never "stale".
    /// </summary>
    public static PreflightVerdict? CheckRelease(KlarnaOrder order, int? staleAfterDays, DateTimeOffset now)
    {
        var refused = CheckRelease(order);
        if (refused is not null || staleAfterDays is not { } days)
        {
            return refused;
        }

        if (days <= 0)
        {
            // Only an auto-release planned before its manifest kept the threshold (sql/0013) gets here, judged by a worker
            // with auto-release switched off.
            return NotReleasable("the auto-release threshold it was planned with was not recorded, and the worker that sent it has auto-release switched off (Releases:AutoReleaseAfterDays is 0), so it cannot be shown to be stale");
        }

        if (order.Captures is not { Count: > 0 } captures || captures.Any(capture => capture.CapturedAt is null))
        {
            return NotReleasable(string.Create(CultureInfo.InvariantCulture,
                $"the order's capture dates are missing, so it cannot be shown to have had no capture for {days} days"));
        }

        var last = captures.Max(capture => capture.CapturedAt!.Value);
        return now - last < TimeSpan.FromDays(days)
            ? NotReleasable(string.Create(CultureInfo.InvariantCulture, $"the order was last captured on {last:yyyy-MM-dd}, less than {days} days ago"))
            : null;
    }

    private static PreflightVerdict? CheckRefund(ClaimedRow row, KlarnaOrder order, long pendingMinor, IReadOnlyCollection<string> returnFeeCountries, bool stableOnly)
    {
        if (!string.Equals(order.PurchaseCurrency, row.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return Refuse("PREFLIGHT_CURRENCY_MISMATCH",
                $"The order was paid in {order.PurchaseCurrency?.ToUpperInvariant()} but the manifest says {row.Currency}; a wrong currency means a wrong amount.");
        }

        if (order.CapturedAmount <= 0 || order.Captures is not { Count: > 0 })
        {
            return Refuse("PREFLIGHT_NO_CAPTURES", "The order has no captures, so nothing can be refunded (an uncaptured order is cancelled, not refunded).");
        }

        var left = order.CapturedAmount - order.RefundedAmount - pendingMinor;
        if (!stableOnly && row.AmountMinor > left)
        {
            return Refuse("PREFLIGHT_OVER_REFUND",
                $"The refund of {row.AmountMinor} minor units is more than the {Math.Max(0, left)} left to refund (captured {order.CapturedAmount}, refunded {order.RefundedAmount + pendingMinor}).");
        }

        var hasReturnFee = row.ReturnFeeMinor is not null || row.RequestBody?.Contains("\"type\":\"return_fee\"", StringComparison.Ordinal) == true;
        if (hasReturnFee && (order.Captures.Count != 1 || order.CapturedAmount != order.OrderAmount))
        {
            return Refuse("PREFLIGHT_RETURN_FEE_NOT_ALLOWED", "Klarna accepts a return fee only on an order fully captured in one single capture.");
        }

        if (hasReturnFee && !returnFeeCountries.Contains(order.PurchaseCountry?.ToUpperInvariant() ?? ""))
        {
            return Refuse("PREFLIGHT_RETURN_FEE_NOT_ALLOWED", $"Klarna does not accept return fees for orders from {order.PurchaseCountry?.ToUpperInvariant()}.");
        }

        return null;
    }

    private static PreflightVerdict? CheckRelease(KlarnaOrder order) => order.Status?.ToUpperInvariant() switch
    {
        "PART_CAPTURED" when order.RemainingAuthorizedAmount > 0 => null,
        "PART_CAPTURED" => NotReleasable("nothing is left to release"),
        "CAPTURED" => NotReleasable("the order is fully captured"),
        "AUTHORIZED" => NotReleasable("the order has no captures (cancel it instead)"),
        "CANCELLED" => NotReleasable("the order is cancelled"),
        "EXPIRED" => NotReleasable("the authorization has expired"),
        "CLOSED" => NotReleasable("the order is closed"),
        var other => NotReleasable($"the order's status is {other}"),
    };

    private static PreflightVerdict Refuse(string code, string message) => new(RowState.Failed, code, message);

    private static PreflightVerdict NotReleasable(string reason) =>
        new(RowState.NotReleasable, "NOT_RELEASABLE", $"Not released: {reason}.");
}
