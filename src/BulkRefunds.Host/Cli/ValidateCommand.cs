using System.Text.Json;
using BulkRefunds.Klarna;
using BulkRefunds.Manifests;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Cli;

/// <summary><c>bulkrefunds validate</c>: checks a file without a database or Klarna, and lists every problem.</summary>
public static class ValidateCommand
{
    public const string TableFormat = "table";
    public const string JsonFormat = "json";

    public static async Task<int> ExecuteAsync(string path, string format, string[] configArgs, CancellationToken cancellationToken)
    {
        var reader = CreateReader(configArgs, path);
        await using var stream = File.OpenRead(path);
        return format == JsonFormat
            ? await WriteJsonAsync(reader.ReadAsync(stream, cancellationToken), cancellationToken)
            : await WriteTableAsync(reader.ReadAsync(stream, cancellationToken), cancellationToken);
    }

    private static async Task<int> WriteTableAsync(IAsyncEnumerable<ManifestRow> rows, CancellationToken cancellationToken)
    {
        var table = new ProblemTable(Console.Out);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            table.Add(row);
        }

        table.Print();
        return table.ExitCode;
    }

    private static async Task<int> WriteJsonAsync(IAsyncEnumerable<ManifestRow> rows, CancellationToken cancellationToken)
    {
        await using var stdout = Console.OpenStandardOutput();
        int exitCode;
        await using (var json = new ProblemJson(new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true })))
        {
            json.Start();
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                json.Add(row);
            }

            json.Finish();
            exitCode = json.ExitCode;
        }

        await stdout.WriteAsync("\n"u8.ToArray(), cancellationToken);
        return exitCode;
    }

    private static ManifestReader CreateReader(string[] configArgs, string path)
    {
        var configuration = AppHost.LoadConfiguration(configArgs);
        var limits = configuration.GetSection("Manifests").Get<ManifestLimits>() ?? new ManifestLimits();
        // No host validates options here; the same check as at a host's start.
        if (limits.Problems() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException("Manifests", typeof(ManifestLimits), problems);
        }

        if (new FileInfo(path) is { Exists: true, Length: var length } && length > limits.MaxFileBytes)
        {
            throw new ManifestRejectedException($"The file is larger than the limit of {limits.MaxFileBytes / (1024 * 1024):N0} MB. Split it into smaller files.");
        }

        var accounts = configuration.GetSection("Klarna").Get<KlarnaOptions>()?.Accounts.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        return new ManifestReader(limits, accounts);
    }
}
