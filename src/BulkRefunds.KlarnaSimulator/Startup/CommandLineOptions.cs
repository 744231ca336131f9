using System.Globalization;

namespace BulkRefunds.KlarnaSimulator.Startup;

/// <summary>
/// Standalone settings: --orders, --username, --password, --idempotency-window (TimeSpan, e.g. 24:00:00),
/// --return-fee-countries (comma-separated), or environment variables KLARNASIM_OrdersFile, KLARNASIM_Username, ….
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

        return options;
    }
}
