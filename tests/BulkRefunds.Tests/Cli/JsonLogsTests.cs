using System.Text.Json;
using BulkRefunds.Host.Cli;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Cli;

/// <summary><c>Logging:Console:FormatterName=json</c> as an operator sets it for a log shipper: every log line is JSON.</summary>
[Collection(PostgresCollection.Name)]
public sealed class JsonLogsTests(PostgresFixture postgres)
{
    private static readonly string[] SimpleFormatPrefixes = ["trce:", "dbug:", "info:", "warn:", "fail:", "crit:"];

    [Fact]
    public async Task Run_WithTheJsonConsoleFormatter_WritesEveryLogLineFromStartUpOnAsJsonWithTheManifestScope()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(simulator, 2);
        var environment = CliEnvironment.For(await postgres.CreateDatabaseAsync("json_logs"), simulator, folder,
            ("Logging__Console__FormatterName", "json"), ("Logging__LogLevel__Default", "Information"));

        var run = await CliProcess.RunAsync(folder.Path, environment, "run", folder.File("returns.csv", orders.Csv),
            "--Logging:LogLevel:BulkRefunds=Information", "--Logging:LogLevel:BulkRefunds.Schema=Debug");
        var lines = (run.Output + "\n" + run.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var logLines = lines.Where(line => line.StartsWith('{')).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

        Assert.True(run.ExitCode == ExitCodes.Done, run.Output + run.Error);
        Assert.DoesNotContain(lines, line => SimpleFormatPrefixes.Any(prefix => line.StartsWith(prefix, StringComparison.Ordinal)));
        Assert.Contains(logLines, log => log.GetProperty("Category").GetString() == "BulkRefunds.Schema"); // start-up, before the host exists
        var finished = Assert.Single(logLines, log => log.GetProperty("Message").GetString()!.Contains("this worker finished", StringComparison.Ordinal));
        var manifestId = finished.GetProperty("State").GetProperty("ManifestId").GetString();
        Assert.Contains(finished.GetProperty("Scopes").EnumerateArray(),
            scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("ManifestId", out var id) && id.GetString() == manifestId);
    }
}
