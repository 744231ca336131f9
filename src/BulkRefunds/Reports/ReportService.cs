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
        var target = Path.GetFullPath(path ?? DefaultPath(manifest));
        OwnerOnlyFiles.CreateDirectory(Path.GetDirectoryName(target)!);
        ReportSummary summary = null!;
        await AtomicFile.WriteAsync(target, async output =>
            summary = await ReportWriter.WriteAsync(output, manifest, store.ReadRowsAsync(manifestId, cancellationToken), options.Value, cancellationToken), cancellationToken);
        if (verify)
        {
            summary = summary with { Verification = await verifier.VerifyAsync(manifestId, cancellationToken) };
        }

        await AtomicFile.WriteAsync(Path.ChangeExtension(target, ".summary.json"),
            output => JsonSerializer.SerializeAsync(output, summary, SummaryJson, cancellationToken), cancellationToken);
        return (target, summary);
    }

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
