using BulkRefunds.KlarnaSimulator;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// What must hold after every step (1, 3a, 4) and once everything is final (2, 3b). Each violation names the return it is
/// about, so the failure can show that return's report lines and refunds.
/// </summary>
internal static class LifecycleInvariants
{
    public static List<(string Violation, int Return)> Check(LifecycleCase @case, LifecycleModel model, IReadOnlyList<string> orderIds, LifecycleSnapshot snapshot, bool final)
    {
        var violations = new List<(string, int)>();
        AtMostOneRefundPerReturn(@case, model, orderIds, snapshot, violations);
        SucceededIsInTheLedger(@case, orderIds, snapshot, violations);
        FailedIsNotInTheLedger(@case, orderIds, snapshot, violations);
        if (final)
        {
            AskedForIsRefundedOnce(@case, model, orderIds, snapshot, violations);
            EveryRefundReportedSucceededOnce(@case, orderIds, snapshot, violations);
        }

        return violations;
    }

    // (1) For every return at most one refund at Klarna; none for a return no file ever held.
    private static void AtMostOneRefundPerReturn(LifecycleCase @case, LifecycleModel model, IReadOnlyList<string> orderIds, LifecycleSnapshot snapshot, List<(string, int)> violations)
    {
        var uploaded = model.EverUploaded();
        foreach (var entry in snapshot.Ledger)
        {
            var r = LifecycleSnapshot.ReturnOf(@case, orderIds, entry);
            if (r < 0 || !uploaded.Contains(r))
            {
                violations.Add(($"(1) Klarna applied refund {entry.RefundId} ({entry.RefundedAmount}, \"{entry.Reference}\"), which no uploaded return asks for", r));
            }
        }

        for (var r = 0; r < @case.Returns.Count; r++)
        {
            var refunds = snapshot.RefundsOf(@case, orderIds, r).ToList();
            if (refunds.Count > 1)
            {
                violations.Add(($"(1) return r{r} {@case.Returns[r]} was refunded {refunds.Count} times", r));
            }
        }
    }

    // (3a) A line reported succeeded names a refund in the ledger, of its own return.
    private static void SucceededIsInTheLedger(LifecycleCase @case, IReadOnlyList<string> orderIds, LifecycleSnapshot snapshot, List<(string, int)> violations)
    {
        foreach (var line in snapshot.Lines.Where(line => line.Status == "succeeded"))
        {
            var entry = snapshot.Ledger.FirstOrDefault(entry => entry.RefundId == line.RefundId);
            if (entry is null || LifecycleSnapshot.ReturnOf(@case, orderIds, entry) != line.Return)
            {
                violations.Add(($"(3) {line.Manifest} line {line.Fields["line_number"]} is reported succeeded with refund {line.RefundId}, "
                    + (entry is null ? "which Klarna's ledger does not have" : $"which refunds another return ({entry.RefundedAmount}, \"{entry.Reference}\")"), line.Return));
            }
        }
    }

    // (4) `failed` means proven not applied: no line is failed while the refund it sent is in the ledger.
    private static void FailedIsNotInTheLedger(LifecycleCase @case, IReadOnlyList<string> orderIds, LifecycleSnapshot snapshot, List<(string, int)> violations)
    {
        foreach (var line in snapshot.Lines.Where(line => line.Status == "failed"))
        {
            if (snapshot.Ledger.FirstOrDefault(entry => LifecycleSnapshot.TagOf(entry) == line.Tag) is { } applied)
            {
                violations.Add(($"(4) {line.Manifest} line {line.Fields["line_number"]} is reported failed ({line.Fields["error_code"]}), yet Klarna applied its refund {applied.RefundId}", line.Return));
            }
        }
    }

    // (2) Once final, every return a manifest that was not cancelled asks for is refunded exactly once. A line left
    // needs_review (a person must look at the order) is let through with at most one refund.
    private static void AskedForIsRefundedOnce(LifecycleCase @case, LifecycleModel model, IReadOnlyList<string> orderIds, LifecycleSnapshot snapshot, List<(string, int)> violations)
    {
        foreach (var r in model.AskedFor().Order())
        {
            var refunds = snapshot.RefundsOf(@case, orderIds, r).Count();
            var reviewed = snapshot.Lines.Any(line => line.Return == r && line.Status == "needs_review");
            if (refunds != 1 && !(reviewed && refunds == 0))
            {
                violations.Add(($"(2) return r{r} {@case.Returns[r]} is asked for by a manifest that was not cancelled, and once everything is final Klarna has {refunds} refunds of it", r));
            }
        }
    }

    // (3b) Every refund at Klarna is reported succeeded by exactly one line across all reports.
    private static void EveryRefundReportedSucceededOnce(LifecycleCase @case, IReadOnlyList<string> orderIds, LifecycleSnapshot snapshot, List<(string, int)> violations)
    {
        foreach (var entry in snapshot.Ledger)
        {
            var reported = snapshot.Lines.Count(line => line.Status == "succeeded" && line.RefundId == entry.RefundId);
            if (reported != 1)
            {
                violations.Add(($"(3) Klarna's refund {entry.RefundId} ({entry.RefundedAmount}, \"{entry.Reference}\") is reported succeeded by {reported} lines",
                    LifecycleSnapshot.ReturnOf(@case, orderIds, entry)));
            }
        }
    }

    public static IEnumerable<string> Details(LifecycleCase @case, IReadOnlyList<string> orderIds, LifecycleSnapshot snapshot, int r) =>
        r < 0 ? [] :
        snapshot.Lines.Where(line => line.Return == r).Select(line => "  report " + line)
            .Concat(snapshot.RefundsOf(@case, orderIds, r).Select(entry => $"  ledger refund {entry.RefundId} key={entry.IdempotencyKey} \"{entry.Reference}\" at {entry.AppliedAt:O}"));

    public static string Describe(LedgerEntry entry) => $"{entry.RefundId} {entry.RefundedAmount} \"{entry.Reference}\"";
}
