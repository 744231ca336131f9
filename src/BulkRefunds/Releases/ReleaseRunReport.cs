using BulkRefunds.Manifests;
using System.Text.Json;
using BulkRefunds.Notifications;
using BulkRefunds.Reports;
using CsvHelper;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Releases;

/// <summary>
/// The per-run release report: every release row one sweep run staged, from whichever manifest, and how it ended —
/// written (atomically, byte-stable like the manifest report) into <c>reports/releases/</c> once none of them is open.
/// </summary>
/// <remarks>
/// Lives in Releases, which sits after Reports: it writes with Reports' CSV settings and file helpers, and is handed to
/// <see cref="ManifestCompletion"/> as a <see cref="CompletionReport"/> (see AddReleases), so Reports never names Releases.
/// </remarks>
public sealed class ReleaseRunReport(ReleaseRunStore runs, Notifier notifier, IOptions<ReportOptions> options)
{
    public static readonly string[] Columns =
    [
        "run_id", "release_day", "manifest_id", "file_name", "line_number", "account", "order_id", "reference", "status",
        "http_status", "error_code", "error_message", "correlation_id", "idempotency_key", "attempts", "first_attempt_at", "completed_at",
    ];

    private static readonly JsonSerializerOptions SummaryJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes the report of every run with rows in this manifest whose rows are all final.</summary>
    public async Task<IReadOnlyList<string>> WriteFinishedRunsAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        foreach (var runId in await runs.RunsOfManifestAsync(manifestId, cancellationToken))
        {
            if (await WriteIfFinishedAsync(runId, cancellationToken) is { } path)
            {
                written.Add(path);
            }
        }

        return written;
    }

    /// <summary>Writes the run's report when none of its rows is open (a run that staged nothing included); else null.</summary>
    public async Task<string?> WriteIfFinishedAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await runs.FindAsync(runId, cancellationToken) ?? throw new InvalidOperationException($"Release run {runId} does not exist.");
        if (await runs.CountOpenAsync(runId, cancellationToken) > 0)
        {
            return null;
        }

        var rows = await runs.ReadRowsAsync(runId, cancellationToken);
        var target = Path.GetFullPath(Path.Combine(options.Value.Directory, "releases", $"{run.ReleaseDay}_release-run_{run.RunId:D}.csv"));
        OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(target)!);
        await AtomicFile.WriteAsync(target, stream => WriteCsvAsync(stream, run, rows, options.Value, cancellationToken), cancellationToken);
        var summary = new ReleaseRunSummary(run.RunId, run.ReleaseDay, run.StartedBy, rows.Count,
            new SortedDictionary<string, int>(rows.GroupBy(Status).ToDictionary(group => group.Key, group => group.Count()), StringComparer.Ordinal));
        await AtomicFile.WriteAsync(Path.ChangeExtension(target, ".summary.json"),
            stream => JsonSerializer.SerializeAsync(stream, summary, SummaryJson, cancellationToken), cancellationToken);
        // Written again by every later completion that touches the run; the key keeps it to one event.
        await notifier.RaiseAsync(new NotificationEvent(NotificationType.ReleaseRunCompleted, null, Notifier.Data(new
        {
            summary.RunId,
            summary.ReleaseDay,
            summary.StartedBy,
            summary.Rows,
            summary.RowsByStatus,
            ReportPath = target,
        }), $"release_run.completed:{run.RunId:D}"), cancellationToken);
        return target;
    }

    private static async Task WriteCsvAsync(Stream output, ReleaseRunRecord run, IReadOnlyList<ReleaseRunRow> rows, ReportOptions reportOptions,
        CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(output, ReportWriter.OptionsFor(reportOptions), leaveOpen: true);
        csv.WriteHeader(Columns);
        foreach (var row in rows)
        {
            csv.WriteField(run.RunId.ToString("D"));
            csv.WriteField(run.ReleaseDay);
            csv.WriteField(row.ManifestId.ToString("D"));
            csv.WriteField(ReportWriter.Text(row.FileName));
            csv.WriteField(row.LineNumber);
            csv.WriteField(ReportWriter.Text(row.Account));
            csv.WriteField(ReportWriter.Text(row.OrderId));
            csv.WriteField(ReportWriter.Text(row.Reference));
            csv.WriteField(Status(row));
            csv.WriteField(row.HttpStatus);
            csv.WriteField(ReportWriter.Text(row.ErrorCode));
            csv.WriteField(ReportWriter.Text(row.ErrorMessage));
            csv.WriteField(ReportWriter.Text(row.CorrelationId));
            csv.WriteField(row.IdempotencyKey.ToString("D"));
            csv.WriteField(row.Attempts);
            csv.WriteField(ReportWriter.Timestamp(row.FirstAttemptAt));
            csv.WriteField(ReportWriter.Timestamp(row.CompletedAt));
            csv.EndRecord();
        }

        await csv.FlushAsync(cancellationToken);
    }

    private static string Status(ReleaseRunRow row) => ReportStatus.For(row.State, ManifestAction.Release);
}

/// <summary>Beside the run's CSV: how many releases ended in each status.</summary>
public sealed record ReleaseRunSummary(Guid RunId, string ReleaseDay, string StartedBy, int Rows, IReadOnlyDictionary<string, int> RowsByStatus);
