using System.Text.Json;
using BulkRefunds.Staging;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Reports;

/// <summary>Writes a manifest's report and summary atomically (temporary file, then rename).</summary>
public sealed class ReportService(ManifestStore manifests, ReportStore store, ReportVerifier verifier, IOptions<ReportOptions> options)
{
    private static readonly JsonSerializerOptions SummaryJson = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Writes the report to <paramref name="path"/>, or into the reports folder when null; returns the path.</summary>
    public async Task<string> WriteAsync(Guid manifestId, string? path, CancellationToken cancellationToken) =>
        (await WriteWithSummaryAsync(manifestId, path, cancellationToken)).Path;

    public async Task<(string Path, ReportSummary Summary)> WriteWithSummaryAsync(Guid manifestId, string? path, CancellationToken cancellationToken,
        bool verify = false)
    {
        var manifest = await manifests.FindAsync(manifestId, cancellationToken)
            ?? throw new InvalidOperationException($"Manifest {manifestId} does not exist.");
        var target = Path.GetFullPath(path ?? Path.Combine(options.Value.Directory, DefaultFileName(manifest)));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        ReportSummary summary;
        var temporary = $"{target}.{Guid.NewGuid():N}.tmp"; // unique: two jobs may write the same report at once
        await using (var output = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            summary = await ReportWriter.WriteAsync(output, manifest, store.ReadRowsAsync(manifestId, cancellationToken), cancellationToken);
        }

        File.Move(temporary, target, overwrite: true);
        if (verify)
        {
            summary = summary with { Verification = await verifier.VerifyAsync(manifestId, cancellationToken) };
        }

        var summaryPath = Path.ChangeExtension(target, ".summary.json");
        var summaryTemporary = $"{summaryPath}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(summaryTemporary, JsonSerializer.Serialize(summary, SummaryJson), cancellationToken);
        File.Move(summaryTemporary, summaryPath, overwrite: true);
        return (target, summary);
    }

    /// <summary>e.g. <c>2026-11-26_nightly-returns_0193…csv</c>: sortable by upload day, unique per manifest.</summary>
    public static string DefaultFileName(ManifestRecord manifest)
    {
        var stem = new string(Path.GetFileNameWithoutExtension(manifest.FileName)
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{manifest.UploadedAt:yyyy-MM-dd}_{stem}_{manifest.ManifestId:D}.csv");
    }
}
