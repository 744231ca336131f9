using System.Globalization;

namespace BulkRefunds.KlarnaSimulator.Rules;

/// <summary>
/// Return-fee eligibility (Klarna docs "Refund with return fees"): one single capture covering the whole
/// order, order lines summing exactly to refunded_amount, and a return-fee market. The error Klarna sends
/// for an ineligible request is UNCONFIRMED publicly; REFUND_NOT_ALLOWED (403) is the documented refund
/// rejection, so the simulator uses it with a message naming the failed condition.
/// </summary>
internal static class ReturnFee
{
    public const string LineType = "return_fee";

    public static bool IsRequested(IReadOnlyList<SimulatedOrderLine> lines)
        => lines.Any(line => string.Equals(line.Type, LineType, StringComparison.Ordinal));

    /// <summary>The rejection message, or null when the return fee may be charged.</summary>
    public static string? Reject(SimulatedOrder order, long refundedAmount, IReadOnlyList<SimulatedOrderLine> lines, SimulatorOptions options)
    {
        if (order.Captures.Count != 1 || order.CapturedAmount != order.OrderAmount)
        {
            return "Return fee is only allowed when the order is fully captured in one single capture. Refund not possible.";
        }

        if (LineTotals.Sum(lines) != refundedAmount)
        {
            return "Return fee requires the sum of the order lines to equal refunded_amount. Refund not possible.";
        }

        var country = order.PurchaseCountry ?? string.Empty;
        if (!options.ReturnFeeCountries.Contains(country, StringComparer.OrdinalIgnoreCase))
        {
            return string.Create(
                CultureInfo.InvariantCulture,
                $"Return fee is not available for purchase country {country}. Refund not possible.");
        }

        return null;
    }
}
