using System.Diagnostics;
using System.Text.RegularExpressions;
using BulkRefunds.Host.Cli;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Cli;

/// <summary>
/// The exit codes of README.md "Exit codes", verb by verb, as a scheduler sees them from the real executable
/// (usage errors, 64, are in <see cref="StrictCommandLineTests"/>).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed partial class ExitCodesTests(PostgresFixture postgres)
{
    private const string CapturedOrder = "7719051f-0b8c-5afc-a864-0c56fe04ef32"; // seed: CAPTURED, 9500 EUR

    [Fact]
    public async Task RunAndImport_ManifestAwaitsApproval_ExitThreeAndSendNothing()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = CliEnvironment.For(await postgres.CreateDatabaseAsync("exit_approval"), simulator, folder,
            ("Approval__RequiredForCommandLine", "true"));
        var manifest = folder.File("returns.csv", $"order_id,currency,refunded_amount\n{CapturedOrder},EUR,100\n");
        var other = folder.File("other.csv", $"order_id,currency,refunded_amount\n{CapturedOrder},EUR,200\nnot-money,EUR,-1\n");

        var run = await CliProcess.RunAsync(folder.Path, environment, "run", manifest);
        var import = await CliProcess.RunAsync(folder.Path, environment, "import", other);

        Assert.True(run.ExitCode == ExitCodes.AwaitingApproval, run.Output + run.Error);
        Assert.True(import.ExitCode == ExitCodes.AwaitingApproval, import.Output + import.Error);
        Assert.Contains("awaiting approval", run.Output, StringComparison.Ordinal);
        Assert.Empty(await simulator.LedgerAsync());
    }

    [Fact]
    public async Task Import_ExitCodes_ZeroWhenStagedTwoForInvalidRowsOneForARejectedFile()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = CliEnvironment.For(await postgres.CreateDatabaseAsync("exit_import"), simulator, folder);
        var good = folder.File("good.csv", $"order_id,currency,refunded_amount\n{CapturedOrder},EUR,100\n");
        var partly = folder.File("partly.csv", "order_id,currency,refunded_amount\n1d3491c3-2408-5f51-9f6c-8562933ee292,SEK,100\norder-x,EUR,-5\n");
        var rejected = folder.File("rejected.csv", "order,price\n1,2\n");

        var staged = await CliProcess.RunAsync(folder.Path, environment, "import", good);
        var invalid = await CliProcess.RunAsync(folder.Path, environment, "import", partly);
        var refused = await CliProcess.RunAsync(folder.Path, environment, "import", rejected);

        Assert.True(staged.ExitCode == ExitCodes.Done, staged.Output + staged.Error);
        Assert.True(invalid.ExitCode == ExitCodes.RowsNeedAttention, invalid.Output + invalid.Error);
        Assert.True(refused.ExitCode == ExitCodes.Fatal, refused.Output + refused.Error);
        Assert.Contains("File rejected", refused.Error, StringComparison.Ordinal);
        Assert.Empty(await simulator.LedgerAsync());
    }

    [Fact]
    public async Task Validate_InvalidRows_ExitsTwo()
    {
        using var folder = new TempFolder();
        var manifest = folder.File("partly.csv", $"order_id,currency,refunded_amount\n{CapturedOrder},EUR,100\norder-x,EUR,-5\n");

        var result = await CliProcess.RunAsync(folder.Path, new Dictionary<string, string>(), "validate", manifest);

        Assert.True(result.ExitCode == ExitCodes.RowsNeedAttention, result.Output + result.Error);
        Assert.Matches(@"(?m)^3 +refunded_amount +'-5' +refunded_amount '-5'", result.Output);
    }

    [Fact]
    public async Task Report_ExitCodes_ZeroWhenAllSucceededTwoWhenARowFailedOneForAnUnknownManifest()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = CliEnvironment.For(await postgres.CreateDatabaseAsync("exit_report"), simulator, folder);
        var good = await CliProcess.RunAsync(folder.Path, environment, "run", folder.File("good.csv", $"order_id,currency,refunded_amount\n{CapturedOrder},EUR,100\n"));
        var partly = await CliProcess.RunAsync(folder.Path, environment, "run", folder.File("partly.csv", "order_id,currency,refunded_amount\nnot-an-order,EUR,100\n"));

        var allSucceeded = await CliProcess.RunAsync(folder.Path, environment, "report", ManifestId(good.Output));
        var someFailed = await CliProcess.RunAsync(folder.Path, environment, "report", ManifestId(partly.Output));
        var unknown = await CliProcess.RunAsync(folder.Path, environment, "report", Guid.NewGuid().ToString());

        Assert.True(allSucceeded.ExitCode == ExitCodes.Done, allSucceeded.Output + allSucceeded.Error);
        Assert.True(someFailed.ExitCode == ExitCodes.RowsNeedAttention, someFailed.Output + someFailed.Error);
        Assert.True(unknown.ExitCode == ExitCodes.Fatal, unknown.Output + unknown.Error);
    }

    [Fact]
    public async Task ReleaseStale_AReleaseFails_ExitsTwo()
    {
        const string partCaptured = "0e1e0000-0000-4000-8000-000000000002";
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = CliEnvironment.For(await postgres.CreateDatabaseAsync("exit_release"), simulator, folder,
            ("Releases__AutoReleaseAfterDays", "7"), ("Dispatch__MaxAttempts", "2"), ("Dispatch__FirstRetryDelayMilliseconds", "50"));
        await simulator.AddOrderAsync(partCaptured, "EUR", "DE", captured: 6000, orderAmount: 10000, capturedAt: new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var refunds = folder.File("refunds.csv", $"order_id,currency,amount,reference\n{partCaptured},EUR,10.00,RMA-1\n");
        Assert.Equal(ExitCodes.Done, (await CliProcess.RunAsync(folder.Path, environment, "run", refunds)).ExitCode);
        simulator.Server.State.Faults.Enqueue(partCaptured, new FaultSpec(FaultKind.Error503, Times: 10) { Operation = FaultOperation.Release });

        var sweep = await CliProcess.RunAsync(folder.Path, environment, "release-stale");

        Assert.True(sweep.ExitCode == ExitCodes.RowsNeedAttention, sweep.Output + sweep.Error);
        Assert.DoesNotContain(await simulator.LedgerAsync(), entry => entry.Kind == "release");
    }

    [Theory]
    [InlineData("INT")]  // Ctrl+C in a terminal
    [InlineData("TERM")] // systemd, docker stop, kill
    public async Task Run_Interrupted_Exits130AndTheSameCommandResumesWithoutSendingTwice(string signal)
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var environment = CliEnvironment.For(await postgres.CreateDatabaseAsync("exit_sig" + signal.ToLowerInvariant()), simulator, folder);
        var orders = await ManifestOrders.AddAsync(simulator, 4);
        orders.DelayRefunds(simulator, _ => 1500);
        var manifest = folder.File("slow.csv", orders.Csv);

        var interrupted = await RunAndInterruptAsync(signal, folder.Path, environment, "run", manifest);
        var resumed = await CliProcess.RunAsync(folder.Path, environment, "run", manifest);

        Assert.True(interrupted.ExitCode == ExitCodes.Interrupted, interrupted.Output + interrupted.Error);
        Assert.Contains("Stopped.", interrupted.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", interrupted.Error, StringComparison.Ordinal);
        Assert.True(resumed.ExitCode == ExitCodes.Done, resumed.Output + resumed.Error);
        orders.AssertExactlyOneRefundPerRow(await simulator.LedgerAsync());
    }

    /// <summary>Starts the verb, waits until it has imported (so it is sending), then sends the signal.</summary>
    private static async Task<CliProcess.Result> RunAndInterruptAsync(string signal, string workingDirectory, Dictionary<string, string> environment, params string[] args)
    {
        using var process = Process.Start(CliProcess.StartInfo(workingDirectory, environment, args)) ?? throw new InvalidOperationException("Could not start bulkrefunds.");
        var error = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            output.AppendLine(line);
            if (line.StartsWith("Rows:", StringComparison.Ordinal))
            {
                break;
            }
        }

        await Task.Delay(TimeSpan.FromMilliseconds(700), timeout.Token); // a refund POST is in flight now
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(timeout.Token);
        }

        output.Append(await process.StandardOutput.ReadToEndAsync(timeout.Token));
        await process.WaitForExitAsync(timeout.Token);
        return new CliProcess.Result(process.ExitCode, output.ToString(), await error);
    }

    private static string ManifestId(string output) => ManifestIdPattern().Match(output).Groups[1].Value;

    [GeneratedRegex("as manifest ([0-9a-f-]{36})")]
    private static partial Regex ManifestIdPattern();
}
