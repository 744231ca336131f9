using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.EndToEnd;

/// <summary>The <c>bulkrefunds run</c> verb as a real process: output, exit codes, report file, and Klarna's ledger.</summary>
[Collection(PostgresCollection.Name)]
public sealed class CommandLineTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Run_SampleTwice_ExitsZeroWritesTheReportAndRefundsOnlyOnce()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = await EnvironmentAsync(simulator, folder, "cli_sample");
        var report = Path.Combine(folder.Path, "out", "report.csv");

        var first = await CliProcess.RunAsync(folder.Path, environment, "run", RunManifestTests.SamplePath(), "--report", report);
        var second = await CliProcess.RunAsync(folder.Path, environment, "run", RunManifestTests.SamplePath(), "--report", report);

        Assert.True(first.ExitCode == 0, first.Output + first.Error);
        Assert.Contains("Rows: 10 — succeeded 10", first.Output, StringComparison.Ordinal);
        Assert.Matches(@"EUR\s+257\.89\s+257\.89\s+0\.00", first.Output);
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Contains("already imported", second.Output, StringComparison.Ordinal);
        Assert.Equal(10, (await simulator.LedgerAsync()).Count);
        Assert.Equal(10, ReportFile.Read(report).Count(line => line["status"] == "succeeded"));
        Assert.True(File.Exists(Path.Combine(folder.Path, "out", "report.summary.json")));
    }

    [Fact]
    public async Task Run_SomeRowsFail_ExitsTwo()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var manifest = folder.File("partly-bad.csv", "order_id,currency,refunded_amount\n7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,100\nnot-an-order,EUR,100\n");

        var result = await CliProcess.RunAsync(folder.Path, await EnvironmentAsync(simulator, folder, "cli_partly"), "run", manifest);

        Assert.True(result.ExitCode == 2, result.Output + result.Error);
        Assert.Contains("failed with NO_SUCH_ORDER: 1", result.Output, StringComparison.Ordinal);
        Assert.Single(await simulator.LedgerAsync());
    }

    [Fact]
    public async Task Run_RejectedFile_ExitsOneWithTheReasonAndNoStackTrace()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var manifest = folder.File("wrong.csv", "order,price\n1,2\n");

        var result = await CliProcess.RunAsync(folder.Path, await EnvironmentAsync(simulator, folder, "cli_rejected"), "run", manifest);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("File rejected: The header has unknown column(s): 'order', 'price'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Error + result.Output, StringComparison.Ordinal);
        Assert.Empty(await simulator.LedgerAsync());
    }

    [Fact]
    public async Task Run_WithDebugLogging_NeverPrintsOrWritesTheKlarnaCredentials()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = await EnvironmentAsync(simulator, folder, "cli_secrets");
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Simulator.Username}:{Simulator.Password}"));

        var result = await CliProcess.RunAsync(folder.Path, environment, "run", RunManifestTests.SamplePath(), "--Logging:LogLevel:Default=Debug");

        Assert.True(result.ExitCode == 0, result.Output + result.Error);
        var everything = result.Output + result.Error + string.Concat(Directory.GetFiles(Path.Combine(folder.Path, "reports")).Select(File.ReadAllText));
        Assert.DoesNotContain(Simulator.Password, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(encoded, everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReleaseStale_DryRunSendsNothing_ThenReleasesOnceAndWritesTheRunReport()
    {
        const string partCaptured = "0b0b0b0b-0000-4000-8000-000000000001", fullyCaptured = "7719051f-0b8c-5afc-a864-0c56fe04ef32";
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = await EnvironmentAsync(simulator, folder, "cli_release_stale");
        environment["Releases__AutoReleaseAfterDays"] = "7"; // the seed's captures are from 2025
        var refunds = folder.File("refunds.csv", $"order_id,currency,amount,reference\n{partCaptured},EUR,10.00,RMA-1\n{fullyCaptured},EUR,10.00,RMA-2\n");
        Assert.Equal(0, (await CliProcess.RunAsync(folder.Path, environment, "run", refunds)).ExitCode);

        var dryRun = await CliProcess.RunAsync(folder.Path, environment, "release-stale", "--dry-run");
        var releasesAfterDryRun = (await simulator.LedgerAsync()).Count(entry => entry.Kind == "release");
        var sweep = await CliProcess.RunAsync(folder.Path, environment, "release-stale");

        Assert.True(dryRun.ExitCode == 0, dryRun.Output + dryRun.Error);
        Assert.Matches($@"would release\s+default/{partCaptured}", dryRun.Output);
        Assert.Matches($@"would skip\s+default/{fullyCaptured}\s+\(auto-release\): .*fully captured", dryRun.Output);
        Assert.Equal(0, releasesAfterDryRun);
        Assert.True(sweep.ExitCode == 0, sweep.Output + sweep.Error);
        var release = Assert.Single(await simulator.LedgerAsync(), entry => entry.Kind == "release");
        var runReport = System.Text.RegularExpressions.Regex.Match(sweep.Output, "Release run report: (.+)").Groups[1].Value.Trim();
        var line = Assert.Single(ReportFile.Read(runReport));
        Assert.Equal((partCaptured, "released", release.IdempotencyKey), (line["order_id"], line["status"], line["idempotency_key"]));
        Assert.Equal("command", System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.ChangeExtension(runReport, ".summary.json"))).RootElement.GetProperty("started_by").GetString());
    }

    private async Task<Dictionary<string, string>> EnvironmentAsync(Simulator simulator, TempFolder folder, string purpose) => new()
    {
        ["ConnectionStrings__BulkRefunds"] = await postgres.CreateDatabaseAsync(purpose),
        ["Klarna__Accounts__default__BaseUrl"] = simulator.BaseAddress.ToString(),
        ["Klarna__Accounts__default__Username"] = Simulator.Username,
        ["Klarna__Accounts__default__Password"] = Simulator.Password,
        ["Reports__Directory"] = Path.Combine(folder.Path, "reports"),
        ["Hangfire__QueuePollIntervalMilliseconds"] = "200",
    };
}
