using BulkRefunds.Dispatch;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Cli;

/// <summary><c>bulkrefunds run</c>: import a file (or find the earlier import of the same bytes), send, report.</summary>
public static class RunCommand
{
    public static async Task<int> ExecuteAsync(string path, string? reportPath, string[] configArgs, CancellationToken cancellationToken)
    {
        await using var app = await AppHost.CreateWorkerAsync([CommandLine.QuietLogging, .. configArgs], null, cancellationToken);
        await app.Host.StartAsync(cancellationToken);
        // Ctrl+C / SIGTERM reach the host's lifetime first; stopping must also stop the waiting below.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        cancellationToken = stopping.Token;
        try
        {
            var import = await ImportAsync(app, path, cancellationToken);
            PrintImport(import);
            if (import.Manifest.AwaitingApproval)
            {
                return ExitCodes.AwaitingApproval;
            }

            var progress = new ProgressPrinter(import.Manifest.RowCount, Console.Out);
            await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(import.Manifest.ManifestId, progress, cancellationToken);
            progress.Finish();
            var (report, summary) = await app.Services.GetRequiredService<ReportService>()
                .WriteWithSummaryAsync(import.Manifest.ManifestId, reportPath, cancellationToken);
            SummaryPrinter.Print(summary, report, Console.Out);
            return ExitCodes.ForReports([summary]);
        }
        finally
        {
            await app.Host.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Imports as the command line does: approval only when <c>Approval:RequiredForCommandLine</c> says so.</summary>
    /// <remarks>The operating system account is not a signed-in operator: under four-eyes two operators approve.</remarks>
    internal static Task<ImportResult> ImportAsync(AppHost app, string path, CancellationToken cancellationToken)
    {
        var approval = app.Services.GetRequiredService<IOptions<ApprovalOptions>>().Value;
        return app.Services.GetRequiredService<ManifestImporter>().ImportAsync(path, Environment.UserName,
            new ImportOptions(RequireApproval: approval.RequiredForCommandLine, ApprovalsRequired: approval.ApprovalsFor(uploadedBySignedInPerson: false)),
            cancellationToken);
    }

    internal static void PrintImport(ImportResult import)
    {
        var manifest = import.Manifest;
        Console.WriteLine(import.AlreadyImported
            ? $"This file was already imported on {manifest.UploadedAt:yyyy-MM-dd HH:mm} UTC as manifest {manifest.ManifestId}; resuming it (rows already sent are never sent again)."
            : $"Imported {manifest.FileName} as manifest {manifest.ManifestId}.");
        if (manifest.AwaitingApproval)
        {
            Console.WriteLine("It is awaiting approval: nothing is sent until an operator approves it on the dashboard's Manifests page.");
        }

        Console.WriteLine($"Rows: {manifest.RowCount} ({string.Join(", ", RowStateText.Keyed(import.RowsByState).OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key} {pair.Value}"))})");
    }
}
