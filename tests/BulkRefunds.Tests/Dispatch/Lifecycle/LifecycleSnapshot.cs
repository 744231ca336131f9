using System.Text.RegularExpressions;
using BulkRefunds.KlarnaSimulator;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// Klarna's ledger (the truth about money) and every report line of the case's manifests (what finance is told), each
/// tied to the return it is about: a ledger refund by order, amount and the manifest reference it carries before our
/// row tag; a report line by account, order, reference and amount.
/// </summary>
internal sealed partial record LifecycleSnapshot(IReadOnlyList<LedgerEntry> Ledger, IReadOnlyList<LifecycleReportLine> Lines)
{
    public IEnumerable<LedgerEntry> RefundsOf(LifecycleCase @case, IReadOnlyList<string> orderIds, int returnIndex) =>
        Ledger.Where(entry => ReturnOf(@case, orderIds, entry) == returnIndex);

    /// <summary>The pool return a ledger refund is for, or -1 when it is for none.</summary>
    public static int ReturnOf(LifecycleCase @case, IReadOnlyList<string> orderIds, LedgerEntry entry)
    {
        var reference = entry.Reference is null ? null : Tagged().Match(entry.Reference) is { Success: true } match ? match.Groups["reference"].Value : entry.Reference;
        for (var i = 0; i < @case.Returns.Count; i++)
        {
            var r = @case.Returns[i];
            if (orderIds[r.Order] == entry.OrderId && r.AmountMinor == entry.RefundedAmount && r.Reference == reference)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The row tag a refund carries (<c>BR-…-L7</c>), naming the manifest row that sent it.</summary>
    public static string? TagOf(LedgerEntry entry) =>
        entry.Reference is not null && Tagged().Match(entry.Reference) is { Success: true } match ? match.Groups["tag"].Value : null;

    [GeneratedRegex("^(?<reference>.*) (?<tag>BR-[0-9a-f]{12}-L[0-9]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex Tagged();
}
