using System.Text.Json;
using System.Text.Json.Nodes;
using BulkRefunds.Staging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Reports;

/// <summary>
/// Writes a manifest's report and summary atomically (temporary file, then rename). The served pair (in the reports
/// folder) is written by one writer at a time and recorded with the row state it holds, so a stale one is found
/// (<see cref="RewriteStaleReportsJob"/>); a rewrite keeps the <c>--verify</c> findings of the summary it replaces.
/// </summary>
public sealed class ReportService(ManifestStore manifests, ReportStore store, ReportVerifier verifier, ReportFileStore files,
    TimeProvider timeProvider, IOptions<ReportOptions> options)
{
    private static readonly JsonSerializerOptions SummaryJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes the report to <paramref name="path"/>, or into the reports folder when null; returns the path.</summary>
    public async Task<string> WriteAsync(Guid manifestId, string? path, CancellationToken cancellationToken) =>
        (await WriteWithSummaryAsync(manifestId, path, cancellationToken)).Path;

    public async Task<(string Path, ReportSummary Summary)> WriteWithSummaryAsync(Guid manifestId, string? path, CancellationToken cancellationToken,
        bool verify = false)
    {
        var manifest = await FindAsync(manifestId, cancellationToken);
        var served = DefaultPath(manifest);
        var target = Path.GetFullPath(path ?? served);
        if (!string.Equals(target, served, StringComparison.Ordinal))
        {
            return (target, await WriteFilesAsync(manifest, target, verify, cancellationToken));
        }

        await using var file = await files.LockAsync(manifestId, cancellationToken);
        var summary = await WriteFilesAsync(manifest, target, verify, cancellationToken);
        await file.RecordAsync(timeProvider.GetUtcNow(), cancellationToken);
        return (target, summary);
    }

    /// <summary>
    /// Writes the served report when it is missing or stale; leaves a fresh one alone (a second job at once finds the first's
    /// write fresh). Returns whether it wrote.
    /// </summary>
    public async Task<bool> WriteIfStaleAsync(Guid manifestId, CancellationToken cancellationToken)
    {
        var manifest = await FindAsync(manifestId, cancellationToken);
        var target = DefaultPath(manifest);
        await using var file = await files.LockAsync(manifestId, cancellationToken);
        if (file.Fresh && File.Exists(target) && File.Exists(SummaryPath(target)))
        {
            return false;
        }

        await WriteFilesAsync(manifest, target, false, cancellationToken);
        await file.RecordAsync(timeProvider.GetUtcNow(), cancellationToken);
        return true;
    }

    private async Task<ReportSummary> WriteFilesAsync(ManifestRecord manifest, string target, bool verify, CancellationToken cancellationToken)
    {
        OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(target)!);
        ReportSummary summary = null!;
        await AtomicFile.WriteAsync(target, async output =>
            summary = await ReportWriter.WriteAsync(output, manifest, store.ReadRowsAsync(manifest.ManifestId, cancellationToken), options.Value, cancellationToken), cancellationToken);
        summary = summary with
        {
            Verification = verify
                ? await verifier.VerifyAsync(manifest.ManifestId, cancellationToken) with { VerifiedAt = SummaryBuilder.Iso(timeProvider.GetUtcNow().UtcDateTime) }
                : await PreviousVerificationAsync(SummaryPath(target), cancellationToken),
        };
        await AtomicFile.WriteAsync(SummaryPath(target),
            output => JsonSerializer.SerializeAsync(output, summary, SummaryJson, cancellationToken), cancellationToken);
        return summary;
    }

    // Verification results live only in the summary: a rewrite carries them over, with the time they were found, rather
    // than drop them. A summary that is not JSON fails the write (AtomicFile never leaves half a file: someone edited it).
    private static async Task<ReportVerification?> PreviousVerificationAsync(string summaryPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(summaryPath))
        {
            return null;
        }

        await using var input = File.OpenRead(summaryPath);
        return (await JsonNode.ParseAsync(input, cancellationToken: cancellationToken))?["verification"]?.Deserialize<ReportVerification>(SummaryJson);
    }

    private async Task<ManifestRecord> FindAsync(Guid manifestId, CancellationToken cancellationToken) =>
        await manifests.FindAsync(manifestId, cancellationToken) ?? throw new InvalidOperationException($"Manifest {manifestId} does not exist.");

    private static string SummaryPath(string report) => Path.ChangeExtension(report, ".summary.json");

    /// <summary>Where the report of <paramref name="manifest"/> is written in the reports folder (its summary beside it, <c>.summary.json</c>).</summary>
    public string DefaultPath(ManifestRecord manifest) => Path.GetFullPath(Path.Combine(options.Value.Directory, DefaultFileName(manifest)));

    /// <summary>e.g. <c>2026-11-26_nightly-returns_0193…csv</c>: sortable by upload day, unique per manifest.</summary>
    public static string DefaultFileName(ManifestRecord manifest)
    {
        var stem = new string(Path.GetFileNameWithoutExtension(manifest.FileName)
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{manifest.UploadedAt:yyyy-MM-dd}_{stem}_{manifest.ManifestId:D}.csv");
    }
}
