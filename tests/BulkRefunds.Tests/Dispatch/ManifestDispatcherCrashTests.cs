using BulkRefunds.Staging;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Reports;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// kill -9 of <c>bulkrefunds run</c> at the moments that matter, then the same command again: every row must end
/// refunded exactly once by Klarna's own ledger, with the refund id Klarna gave it the first time.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ManifestDispatcherCrashTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Run_KilledMidDispatchThenRunAgain_RefundsEveryRowExactlyOnce()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(simulator, 30);
        // Staggered within each batch of five, so the kill lands with part of a batch applied at Klarna and none of
        // that batch's outcomes recorded by us (outcomes are written per batch).
        orders.DelayRefunds(simulator, i => 200 + (100 * (i % 5)));
        var manifest = folder.File("returns.csv", orders.Csv);
        var report = Path.Combine(folder.Path, "report.csv");
        var connectionString = await postgres.CreateDatabaseAsync("kill_mid_run");
        var environment = CliEnvironment.For(connectionString, simulator, folder, ("Dispatch__BatchSize", "5"), ("Dispatch__Concurrency", "5"));
        await WorkerProcess.KillWhenAsync(() => simulator.Server.State.GetLedger().Count >= 8, "eight refunds were applied",
            folder.Path, environment, "run", manifest, "--report", report);
        var appliedBeforeKill = await simulator.LedgerAsync();
        var sendingAtKill = await StagedRows.CountAsync(connectionString, RowState.Sending);

        var second = await CliProcess.RunAsync(folder.Path, environment, "run", manifest, "--report", report);

        Assert.InRange(appliedBeforeKill.Count, 8, orders.Rows.Count - 1);
        Assert.True(sendingAtKill > 0, "The kill did not leave any row 'sending'; it did not land mid-batch.");
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        Assert.Contains("already imported", second.Output, StringComparison.Ordinal);
        var ledger = await simulator.LedgerAsync();
        orders.AssertExactlyOneRefundPerRow(ledger);
        orders.AssertReportMatchesLedger(ReportFile.Read(report), ledger);
        Assert.All(appliedBeforeKill, entry => Assert.Contains(entry, ledger));
        await ManifestCounters.AssertMatchRowsAsync(connectionString);
    }

    // Hang: the row is 'sending' and its request reached Klarna, which applied nothing. HangAfterApply and
    // LostResponse: Klarna applied the refund and stored its answer under the key, and we never recorded it — a lost
    // response is resent only after the first retry delay, and the kill lands in that delay.
    [Theory]
    [InlineData(FaultKind.Hang, false)]
    [InlineData(FaultKind.HangAfterApply, true)]
    [InlineData(FaultKind.LostResponse, true)]
    public async Task Run_KilledWhileARowIsUnansweredThenRunAgain_RefundsEveryRowExactlyOnce(FaultKind fault, bool appliedBeforeKill)
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var orders = await ManifestOrders.AddAsync(simulator, 6);
        var crashed = orders.Rows[2].OrderId;
        simulator.Server.State.Faults.Enqueue(crashed, new FaultSpec(fault) { Operation = FaultOperation.Refund });
        var manifest = folder.File("returns.csv", orders.Csv);
        var report = Path.Combine(folder.Path, "report.csv");
        var connectionString = await postgres.CreateDatabaseAsync("kill_point");
        var environment = CliEnvironment.For(connectionString, simulator, folder, ("Dispatch__FirstRetryDelayMilliseconds", "10000"));
        var appliedAtKill = appliedBeforeKill ? orders.Rows.Count : orders.Rows.Count - 1;
        await WorkerProcess.KillWhenAsync(
            () => simulator.Server.State.Faults.InjectedCounts().GetValueOrDefault(fault) == 1 && simulator.Server.State.GetLedger().Count == appliedAtKill,
            $"the {fault} fault hit and {appliedAtKill} refunds were applied", folder.Path, environment, "run", manifest, "--report", report);
        var beforeRestart = await simulator.LedgerAsync();
        var stateAtKill = await StagedRows.StateAsync(connectionString, crashed);

        var second = await CliProcess.RunAsync(folder.Path, environment, "run", manifest, "--report", report);

        Assert.Equal("sending", stateAtKill);
        Assert.Equal(appliedBeforeKill ? 1 : 0, beforeRestart.Count(entry => entry.OrderId == crashed));
        Assert.True(second.ExitCode == 0, second.Output + second.Error);
        var ledger = await simulator.LedgerAsync();
        orders.AssertExactlyOneRefundPerRow(ledger);
        var lines = ReportFile.Read(report);
        orders.AssertReportMatchesLedger(lines, ledger);
        // Refunds Klarna applied before the kill were answered again from its idempotency store, not made again.
        Assert.All(beforeRestart, entry => Assert.Contains(entry, ledger));
        Assert.Equal(Assert.Single(ledger, entry => entry.OrderId == crashed).RefundId,
            Assert.Single(lines, line => line["order_id"] == crashed)["refund_id"]);
    }
}
