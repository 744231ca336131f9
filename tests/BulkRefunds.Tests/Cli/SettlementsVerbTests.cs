using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Settlements;

namespace BulkRefunds.Tests.Cli;

/// <summary><c>bulkrefunds settlements</c> as an operator runs it: its window, its last line, its exit codes.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SettlementsVerbTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Settlements_AsAProcess_HonoursTheWindowPrintsTheReportLastAndExits0Or2Or1()
    {
        await using var harness = await SettlementHarness.StartAsync(postgres, "cli_settlements");
        using var folder = new TempFolder();
        var environment = CliEnvironment.For(harness.ConnectionString, harness.Simulator, folder);
        await SettlementEndToEndTests.PostAsync(harness.Simulator, "_sim/settlements/withhold", new { refund_id = harness.Row(1).RefundId });

        var outsideWindow = await RunAsync(folder, environment, "settlements", "--from", "2020-01-01", "--to", "2020-01-31");
        await SettlementEndToEndTests.PostAsync(harness.Simulator, "_sim/faults", new { kind = "error_503", operation = "get_transactions", times = 5 });
        var serverErrors = await RunAsync(folder, environment, "settlements");
        var overdue = await RunAsync(folder, new(environment) { ["Settlements__OverdueAfterDays"] = "0" }, "settlements");
        var notYet = await RunAsync(folder, environment, "settlements");
        using (var http = new HttpClient { BaseAddress = harness.Simulator.BaseAddress })
        {
            (await http.DeleteAsync("_sim/settlements")).EnsureSuccessStatusCode(); // Klarna pays the withheld refund out after all
        }

        var allSettled = await RunAsync(folder, environment, "settlements");
        var wrongPassword = await RunAsync(folder, new(environment) { ["Klarna__Accounts__default__Password"] = "not-the-password-42" }, "settlements");

        Assert.Equal(0, outsideWindow.ExitCode);
        Assert.Contains("default: payouts 2020-01-01 to 2020-01-31: 0 listed, 0 new, 0 transactions stored", outsideWindow.Output, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Repeat("not_yet_settled", 4), Statuses(outsideWindow.Report!));
        Assert.Equal(1, serverErrors.ExitCode);
        AssertSafe(serverErrors, "Klarna's Settlements API failed: Klarna Settlements get_transactions for account 'default' failed (gave up after 5 attempts): HTTP 503");
        Assert.Equal(2, overdue.ExitCode);
        Assert.Equal(["overdue", "settled", "settled", "settled"], Statuses(overdue.Report!));
        Assert.Equal(0, notYet.ExitCode);
        Assert.Equal(["not_yet_settled", "settled", "settled", "settled"], Statuses(notYet.Report!));
        Assert.Equal(0, allSettled.ExitCode);
        Assert.Equal(["settled", "settled", "settled", "settled"], Statuses(allSettled.Report!));
        Assert.Equal(1, wrongPassword.ExitCode);
        AssertSafe(wrongPassword, "rejected the credentials for account 'default'");
        Assert.DoesNotContain("not-the-password-42", wrongPassword.Error, StringComparison.Ordinal);
    }

    private sealed record Outcome(int ExitCode, string Output, string Error, string? Report);

    // Every run that got as far as a report names it on its last line; a failed run writes none.
    private static async Task<Outcome> RunAsync(TempFolder folder, Dictionary<string, string> environment, params string[] args)
    {
        var result = await CliProcess.RunAsync(folder.Path, environment, args);
        var last = result.Output.TrimEnd().Split('\n')[^1];
        var report = last.StartsWith("Settlement report: ", StringComparison.Ordinal) ? last["Settlement report: ".Length..] : null;
        Assert.True(result.ExitCode == 1 || (report is not null && File.Exists(report)), result.Output + result.Error);
        return new Outcome(result.ExitCode, result.Output, result.Error, report);
    }

    private static List<string> Statuses(string report) =>
        [.. ReportFile.Read(report).Select(line => line["settlement_status"]).Order(StringComparer.Ordinal)];

    private static void AssertSafe(Outcome outcome, string expected)
    {
        Assert.Contains(expected, outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("<", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", outcome.Error + outcome.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Settlement report:", outcome.Output, StringComparison.Ordinal);
    }
}
