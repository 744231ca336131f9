using BulkRefunds.Reports;

namespace BulkRefunds.Host.Cli;

/// <summary>The short summary printed after a run: rows by status and money per currency.</summary>
public static class SummaryPrinter
{
    public static void Print(ReportSummary summary, string reportPath, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Manifest {summary.ManifestId} ({summary.FileName}, sha256 {summary.Sha256[..12]}…)");
        output.WriteLine($"Rows: {summary.Rows} — {string.Join(", ", summary.RowsByStatus.Select(pair => $"{pair.Key} {pair.Value}"))}");
        output.WriteLine($"  {"currency",-8} {"requested",14} {"refunded",14} {"not refunded",14}");
        foreach (var currency in summary.Currencies)
        {
            output.WriteLine($"  {currency.Currency,-8} {currency.Requested,14} {currency.Refunded,14} {currency.NotRefunded,14}");
        }

        foreach (var (code, count) in summary.FailuresByErrorCode)
        {
            output.WriteLine($"  failed with {code}: {count}");
        }

        if (summary.Verification is { } verification)
        {
            output.WriteLine($"Verified against Klarna: {verification.OrdersChecked} orders, {verification.Mismatches.Count} mismatches");
            foreach (var mismatch in verification.Mismatches)
            {
                output.WriteLine($"  order {mismatch.OrderId}: {mismatch.Problem}");
            }
        }

        output.WriteLine($"Report:  {reportPath}");
        output.WriteLine($"Summary: {Path.ChangeExtension(reportPath, ".summary.json")}");
    }
}
