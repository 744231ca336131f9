using BulkRefunds.Manifests;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;

namespace BulkRefunds.Reports;

/// <summary>
/// <c>--verify</c>: GET each order a manifest refunded, once, and check that Klarna's refunds[] holds every refund id we
/// recorded with the same amount, and that Klarna's refunded_amount covers what we refunded.
/// </summary>
public sealed class ReportVerifier(ReportStore store, KlarnaAccounts accounts)
{
    public async Task<ReportVerification> VerifyAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        var refunded = new Dictionary<(string Account, string OrderId), List<(string RefundId, long Amount)>>();
        await foreach (var row in store.ReadRowsAsync(manifestId, cancellationToken))
        {
            if (row is { Action: ManifestAction.Refund, State: RowState.Succeeded, IsOrderLine: false, RefundId: { } refundId, AmountMinor: { } amount })
            {
                var key = (row.Account, row.OrderId);
                refunded.TryAdd(key, []);
                refunded[key].Add((refundId, amount));
            }
        }

        var mismatches = new List<VerificationMismatch>();
        foreach (var ((account, orderId), ours) in refunded.OrderBy(pair => pair.Key.OrderId, StringComparer.Ordinal))
        {
            var outcome = accounts.Names.Contains(account) ? await accounts.Get(account).GetOrderAsync(orderId, cancellationToken) : null;
            mismatches.AddRange(Compare(orderId, ours, outcome));
        }

        return new ReportVerification(refunded.Count, mismatches);
    }

    private static IEnumerable<VerificationMismatch> Compare(string orderId, List<(string RefundId, long Amount)> ours, KlarnaOutcome? outcome)
    {
        if (outcome is not KlarnaOrderFound { Order: var order })
        {
            yield return new VerificationMismatch(orderId, outcome is KlarnaFailure failure
                ? $"the order could not be read ({failure.Error.ErrorCode})"
                : "the order's account is not configured");
            yield break;
        }

        var theirs = (order.Refunds ?? []).Where(refund => refund.RefundId is not null).ToDictionary(refund => refund.RefundId!, refund => refund.RefundedAmount);
        foreach (var (refundId, amount) in ours)
        {
            if (!theirs.TryGetValue(refundId, out var klarnaAmount))
            {
                yield return new VerificationMismatch(orderId, $"refund {refundId} ({amount} minor units) is not in Klarna's refunds of the order");
            }
            else if (klarnaAmount != amount)
            {
                yield return new VerificationMismatch(orderId, $"refund {refundId} is {klarnaAmount} minor units at Klarna but {amount} in our records");
            }
        }

        var total = ours.Sum(refund => refund.Amount);
        if (order.RefundedAmount < total)
        {
            yield return new VerificationMismatch(orderId, $"Klarna's refunded_amount {order.RefundedAmount} is less than the {total} we refunded");
        }
    }
}
