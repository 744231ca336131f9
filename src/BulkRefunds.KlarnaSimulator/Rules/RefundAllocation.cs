namespace BulkRefunds.KlarnaSimulator.Rules;

/// <summary>
/// Bookkeeping of which capture (consumer invoice) a refund lands on, per Klarna "Refund allocation":
/// allocation needs every line's reference to match the capture's lines, the lines to sum exactly to
/// refunded_amount, and the amount to fit what is left of the capture. Acceptance never depends on it;
/// an unallocated refund is still a 201, it just does not move any capture's refunded_amount.
/// </summary>
internal static class RefundAllocation
{
    /// <summary>The captures after the refund; unchanged when the refund cannot be allocated.</summary>
    public static IReadOnlyList<SimulatedCapture> Apply(
        IReadOnlyList<SimulatedCapture> captures,
        long refundedAmount,
        IReadOnlyList<SimulatedOrderLine> lines)
    {
        // Return-fee lines are exempt from reference matching: a fee never matches a captured article,
        // and requiring it would make every return-fee refund unallocatable (UNCONFIRMED rule).
        var articleLines = lines
            .Where(line => !string.Equals(line.Type, ReturnFee.LineType, StringComparison.Ordinal))
            .ToList();
        if (articleLines.Count == 0
            || articleLines.Any(line => string.IsNullOrEmpty(line.Reference))
            || LineTotals.Sum(lines) != refundedAmount)
        {
            return captures;
        }

        // When several captures qualify (the same SKU shipped twice), the earliest one with room wins.
        for (var index = 0; index < captures.Count; index++)
        {
            var capture = captures[index];
            var references = capture.OrderLines
                .Select(line => line.Reference)
                .OfType<string>()
                .ToHashSet(StringComparer.Ordinal);
            if (articleLines.All(line => line.Reference is { } reference && references.Contains(reference))
                && refundedAmount <= capture.CapturedAmount - capture.RefundedAmount)
            {
                var updated = captures.ToArray();
                updated[index] = capture with { RefundedAmount = capture.RefundedAmount + refundedAmount };
                return updated;
            }
        }

        return captures;
    }
}
