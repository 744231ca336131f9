using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>The environment an operator would give <c>bulkrefunds</c>: our database, the simulator as Klarna, and short leases.</summary>
internal static class CliEnvironment
{
    /// <summary>A killed worker's rows become claimable this long after its last lease renewal.</summary>
    public const int LeaseSeconds = 3;

    public static Dictionary<string, string> For(string connectionString, Simulator simulator, TempFolder folder,
        params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings__BulkRefunds"] = connectionString,
            ["Klarna__Accounts__default__BaseUrl"] = simulator.BaseAddress.ToString(),
            ["Klarna__Accounts__default__Username"] = Simulator.Username,
            ["Klarna__Accounts__default__Password"] = Simulator.Password,
            ["Klarna__Accounts__default__RequestsPerSecond"] = "500",
            ["Reports__Directory"] = Path.Combine(folder.Path, "reports"),
            ["Hangfire__QueuePollIntervalMilliseconds"] = "200",
            ["Dispatch__LeaseSeconds"] = LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }
}
