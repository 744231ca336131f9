using System.Globalization;
using BulkRefunds.KlarnaSimulator.Startup;

namespace BulkRefunds.KlarnaSimulator;

/// <summary>
/// Standalone simulator: dotnet run --project src/BulkRefunds.KlarnaSimulator -- --urls http://127.0.0.1:5055
/// [--orders file] [--username u --password p] [--rate-limit n] [--latency-ms n]
/// [--random-faults-seed s --random-faults error_503=50,…] (all switches: Startup/CommandLineOptions.cs).
/// Internal and namespaced so that projects referencing this one keep their own top-level Program unambiguous.
/// </summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var options = CommandLineOptions.Read(args);
        await using var app = KlarnaSimulatorApp.Build(options, TimeProvider.System, args);
        if (app.Configuration["urls"] is null)
        {
            // Loopback by default, so a bare `dotnet run` never listens on a public interface.
            app.Urls.Add("http://127.0.0.1:5055");
        }

        await app.StartAsync();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Klarna OM simulator listening on {string.Join(", ", app.Urls)} (orders: {options.OrdersFile}, user: {options.Username})"));
        await app.WaitForShutdownAsync();
    }
}
