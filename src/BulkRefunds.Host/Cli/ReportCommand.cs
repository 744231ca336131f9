using BulkRefunds.Audit;
using BulkRefunds.Reports;
using BulkRefunds.Staging;

namespace BulkRefunds.Host.Cli;

/// <summary><c>bulkrefunds report</c>: writes a manifest's report from its current row state.</summary>
public static class ReportCommand
{
    public static async Task<int> ExecuteAsync(Guid manifestId, string? outPath, bool verify, string[] configArgs, CancellationToken cancellationToken)
    {
        await using var app = await AppHost.CreateWorkerAsync([CommandLine.QuietLogging, .. configArgs], null, cancellationToken);
        if (await app.Services.GetRequiredService<ManifestStore>().FindAsync(manifestId, cancellationToken) is null)
        {
            await Console.Error.WriteLineAsync($"No manifest {manifestId} in this database.");
            return ExitCodes.Fatal;
        }

        var (report, summary) = await app.Services.GetRequiredService<ReportService>().WriteWithSummaryAsync(manifestId, outPath, cancellationToken, verify);
        if (summary.Verification is { } verification)
        {
            await app.Services.GetRequiredService<AuditTrail>().RecordAsync(new AuditEntry(AuditAct.VerifyReport, CliActor.Name, manifestId, null,
                $"verified {verification.OrdersChecked} refunded order(s) with Klarna: {verification.Mismatches.Count} mismatch(es)"), cancellationToken);
        }

        SummaryPrinter.Print(summary, report, Console.Out);
        return ExitCodes.ForReports([summary]);
    }
}
