using BulkRefunds.Klarna;
using BulkRefunds.Manifests;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Cli;

/// <summary><c>bulkrefunds validate</c>: checks a file without a database or Klarna, and lists every problem.</summary>
public static class ValidateCommand
{
    private const int MaxListed = 200;

    public static async Task<int> ExecuteAsync(string path, string[] configArgs, CancellationToken cancellationToken)
    {
        var configuration = AppHost.LoadConfiguration(configArgs);
        var limits = configuration.GetSection("Manifests").Get<ManifestLimits>() ?? new ManifestLimits();
        // No host validates options here; the same check as at a host's start.
        if (limits.Problems() is { Count: > 0 } problems)
        {
            throw new OptionsValidationException("Manifests", typeof(ManifestLimits), problems);
        }

        var accounts = configuration.GetSection("Klarna").Get<KlarnaOptions>()?.Accounts.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        var reader = new ManifestReader(limits, accounts);
        if (new FileInfo(path) is { Exists: true, Length: var length } && length > limits.MaxFileBytes)
        {
            throw new ManifestRejectedException($"The file is larger than the limit of {limits.MaxFileBytes / (1024 * 1024):N0} MB. Split it into smaller files.");
        }

        await using var stream = File.OpenRead(path);
        int rows = 0, bad = 0;
        await foreach (var row in reader.ReadAsync(stream, cancellationToken))
        {
            rows++;
            if (!row.IsValid && ++bad <= MaxListed)
            {
                Console.WriteLine($"line {row.LineNumber}: {string.Join("; ", row.Problems)}");
            }
        }

        if (bad > MaxListed)
        {
            Console.WriteLine($"… and {bad - MaxListed} more rows with problems.");
        }

        Console.WriteLine(bad == 0 ? $"OK: {rows} rows, no problems." : $"{bad} of {rows} rows have problems; the other {rows - bad} would be staged.");
        return bad == 0 ? ExitCodes.Done : ExitCodes.RowsNeedAttention;
    }
}
