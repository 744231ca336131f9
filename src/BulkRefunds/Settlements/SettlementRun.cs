using System.Globalization;
using System.Text.Json;
using BulkRefunds.Reports;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Settlements;

/// <summary>
/// One settlements run over some accounts: ingest each, match each, then write one settlement report (and its summary)
/// into Reports:Directory/settlements. Re-entrant: every step is idempotent, so a killed run is simply run again.
/// </summary>
public sealed class SettlementRun(SettlementIngest ingest, SettlementStore store, SettlementMatchStore matcher, SettlementReportStore reports, IOptions<SettlementOptions> options,
    IOptions<ReportOptions> reportOptions, TimeProvider timeProvider)
{
    private static readonly JsonSerializerOptions SummaryJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public async Task<SettlementRunResult> RunAsync(IReadOnlyList<string> accounts, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var ingests = new List<IngestResult>();
        var matches = new List<MatchResult>();
        foreach (var account in accounts)
        {
            ingests.Add(await ingest.RunAsync(account, from, to, cancellationToken));
            if (ingests[^1].TransactionsStored > 0)
            {
                await store.AnalyzeAsync(cancellationToken);
            }

            matches.Add(await matcher.MatchAsync(account, cancellationToken));
        }

        var (path, summary) = await WriteReportAsync(accounts, cancellationToken);
        return new SettlementRunResult(ingests, matches, path, summary);
    }

    /// <summary>Writes the report of the accounts' current state, as of now; returns its path and summary.</summary>
    public async Task<(string Path, SettlementSummary Summary)> WriteReportAsync(IReadOnlyList<string> accounts, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var folder = OwnerOnlyFiles.CreateDirectory(Path.Combine(reportOptions.Value.Directory, "settlements"));
        var scope = accounts.Count == 1 ? accounts[0] : "all";
        var target = FreePath(folder, string.Create(CultureInfo.InvariantCulture,
            $"settlements_{now:yyyy-MM-dd'T'HHmmss.fff'Z'}_{new string(scope.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray())}"));
        var rows = reports.ReadAsync([.. accounts.Order(StringComparer.Ordinal)], now - options.Value.Lookback, now - options.Value.OverdueAfter, cancellationToken);
        SettlementSummary summary = null!;
        await AtomicFile.WriteAsync(target, async output => summary = await SettlementReportWriter.WriteAsync(output, rows, cancellationToken), cancellationToken);
        await AtomicFile.WriteAsync(Path.ChangeExtension(target, ".summary.json"),
            output => JsonSerializer.SerializeAsync(output, summary, SummaryJson, cancellationToken), cancellationToken);
        return (target, summary);
    }

    // Each run keeps its own report: two runs in the same millisecond (a script, a job beside the CLI) must not replace
    // one another's file, which a caller may still be reading by the path it was given.
    private static string FreePath(string folder, string stem)
    {
        var target = Path.GetFullPath(Path.Combine(folder, stem + ".csv"));
        for (var n = 2; File.Exists(target); n++)
        {
            target = Path.GetFullPath(Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{stem}_{n}.csv")));
        }

        return target;
    }
}
