using System.Globalization;
using BulkRefunds.KlarnaSimulator.Faults;

namespace BulkRefunds.KlarnaSimulator.Startup;

/// <summary>
/// Standalone settings: --orders, --username, --password, --idempotency-window (TimeSpan, e.g. 24:00:00),
/// --return-fee-countries (comma-separated), --latency-ms, --rate-limit (requests per second, 0 = off),
/// --retry-after-header (true/false), --random-faults-seed with --random-faults (e.g. error_503=50,rate_limited=20,
/// per mille), --random-faults-latency-ms, --random-faults-retry-after (seconds), --payout-delay (TimeSpan, e.g. 3.00:00:00),
/// --settlement-amount-sign (positive/negative); or environment variables
/// KLARNASIM_OrdersFile, KLARNASIM_Username, KLARNASIM_RateLimitPerSecond, ….
/// Read by hand because the configuration binder appends to a pre-filled list instead of replacing it.
/// </summary>
internal static class CommandLineOptions
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--orders"] = "OrdersFile",
        ["--username"] = "Username",
        ["--password"] = "Password",
        ["--idempotency-window"] = "IdempotencyWindow",
        ["--return-fee-countries"] = "ReturnFeeCountries",
        ["--latency-ms"] = "LatencyMilliseconds",
        ["--rate-limit"] = "RateLimitPerSecond",
        ["--retry-after-header"] = "RetryAfterHeader",
        ["--random-faults-seed"] = "RandomFaultsSeed",
        ["--random-faults"] = "RandomFaults",
        ["--random-faults-latency-ms"] = "RandomFaultsLatencyMilliseconds",
        ["--random-faults-retry-after"] = "RandomFaultsRetryAfterSeconds",
        ["--payout-delay"] = "PayoutDelay",
        ["--settlement-amount-sign"] = "SettlementAmountSign",
    };

    public static SimulatorOptions Read(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddEnvironmentVariables("KLARNASIM_")
            .AddCommandLine(args, Switches)
            .Build();
        var options = new SimulatorOptions { OrdersFile = configuration["OrdersFile"] ?? SimulatorOptions.SeedOrdersFile };
        options.Username = configuration["Username"] ?? options.Username;
        options.Password = configuration["Password"] ?? options.Password;
        if (configuration["IdempotencyWindow"] is { } window)
        {
            options.IdempotencyWindow = TimeSpan.Parse(window, CultureInfo.InvariantCulture);
        }

        if (configuration["ReturnFeeCountries"] is { } countries)
        {
            options.ReturnFeeCountries = countries.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        options.LatencyMilliseconds = Int(configuration["LatencyMilliseconds"]) ?? options.LatencyMilliseconds;
        options.RateLimitPerSecond = Int(configuration["RateLimitPerSecond"]) ?? options.RateLimitPerSecond;
        if (configuration["RetryAfterHeader"] is { } retryAfter)
        {
            options.RetryAfterHeader = bool.Parse(retryAfter);
        }

        if (configuration["PayoutDelay"] is { } delay)
        {
            options.PayoutDelay = TimeSpan.Parse(delay, CultureInfo.InvariantCulture);
        }

        if (configuration["SettlementAmountSign"] is { } sign)
        {
            options.SettlementAmountSign = Enum.Parse<Settlements.SettlementAmountSign>(sign, ignoreCase: true);
        }

        options.RandomFaults = ReadRandomFaults(configuration);
        return options;
    }

    // Both or neither: a chance without a seed could not be repeated, a seed without chances does nothing.
    // A bad setting stops start-up, like a bad orders file: a run without the faults asked for proves nothing.
    private static RandomFaults? ReadRandomFaults(IConfiguration configuration)
    {
        var seed = Int(configuration["RandomFaultsSeed"]);
        var chances = configuration["RandomFaults"];
        if (seed is null && chances is null)
        {
            return null;
        }

        if (seed is null || chances is null)
        {
            throw new ArgumentException("--random-faults and --random-faults-seed go together.");
        }

        var perMille = new Dictionary<FaultKind, int>();
        foreach (var pair in chances.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !FaultNames.TryParse(parts[0], out FaultKind kind))
            {
                throw new ArgumentException($"--random-faults: '{pair}' is not kind=per_mille with a kind among {FaultNames.AllKinds}.");
            }

            perMille[kind] = int.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        var faults = new RandomFaults(seed.Value, perMille);
        faults = faults with
        {
            LatencyMilliseconds = Int(configuration["RandomFaultsLatencyMilliseconds"]) ?? faults.LatencyMilliseconds,
            RetryAfterSeconds = Int(configuration["RandomFaultsRetryAfterSeconds"]) ?? faults.RetryAfterSeconds,
        };
        return faults.Problems() is [var problem, ..] ? throw new ArgumentException("--random-faults: " + problem) : faults;
    }

    private static int? Int(string? value) => value is null ? null : int.Parse(value, CultureInfo.InvariantCulture);
}
