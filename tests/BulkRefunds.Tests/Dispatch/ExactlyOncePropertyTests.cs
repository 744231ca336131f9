using BulkRefunds.Dispatch;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using CsCheck;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// Exactly-once as a property: random manifests (recurring orders, over-refunds, wrong currencies, repeated lines) under
/// random Klarna faults, two dispatchers at once and a crashed one, finished by the recovery sweep. A failure prints CsCheck's
/// seed; <c>CsCheck_Seed=&lt;seed&gt; CsCheck_Iter=1</c> replays that case (its inputs and fault seed — thread timing is not
/// replayed). <c>CsCheck_Iter</c> alone sets the number of cases.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ExactlyOncePropertyTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const long DefaultCases = 10;

    // The host's own dispatch jobs (started by the sweep) use these; the dispatchers a case starts use the case's settings.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Klarna:TimeoutSeconds"] = "1",
        ["Dispatch:LeaseSeconds"] = ExactlyOnceSchedule.LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Dispatch:BatchSize"] = "5",
        ["Dispatch:Concurrency"] = "4",
        ["Dispatch:MaxRetryDelaySeconds"] = "2",
    };

    [Fact]
    public async Task DispatchAsync_RandomManifestsFaultsDuplicateRunsAndCrashes_AppliesEachRowAtMostOnceAndReportsWhatKlarnaDid()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("exactly_once"), simulator, folder.Path, Settings);
        var cases = 0;

        await ExactlyOnceCases.All.SampleAsync(async @case =>
            {
                output.WriteLine($"case {++cases}:\n{@case}");
                var injectedBefore = simulator.Server.State.Faults.InjectedCounts();
                var result = await ExactlyOnceRun.ExecuteAsync(app.Services, simulator, folder.Path, @case);
                output.WriteLine("report: " + string.Join(", ", result.Report.GroupBy(line => line["status"]).Select(status => $"{status.Key} {status.Count()}")));
                output.WriteLine("faults injected: " + string.Join(", ", simulator.Server.State.Faults.InjectedCounts()
                    .Select(kind => $"{kind.Key} {kind.Value - injectedBefore.GetValueOrDefault(kind.Key)}")));
                ExactlyOnceInvariants.Hold(@case, result);
            },
            writeLine: output.WriteLine, iter: Environment.GetEnvironmentVariable("CsCheck_Iter") is { Length: > 0 } ? -1 : DefaultCases, threads: 1,
            print: @case => @case.ToString());
    }

    /// <summary>
    /// The property's first counterexample, pinned: the refund is applied and its answer lost, and every resend with the same
    /// key meets a 503 until attempts run out. Klarna holds the refund, so the row must not be reported failed (finance would
    /// refund the customer again): GET order finds the refund by its reference, so it is succeeded with that refund id.
    /// </summary>
    [Fact]
    public async Task DispatchAsync_AppliedButAnswerLostThenOnly503sUntilTheLastAttempt_IsNotReportedFailed()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("lost_then_503"), simulator, folder.Path);
        const string orderId = "10570503-0000-4000-8000-000000000001";
        await simulator.AddOrderAsync(orderId, "EUR", "DE", captured: 5000);
        simulator.Server.State.Faults.Enqueue(orderId, new FaultSpec(FaultKind.LostResponse) { Operation = FaultOperation.Refund });
        simulator.Server.State.Faults.Enqueue(orderId, new FaultSpec(FaultKind.Error503, Times: 4) { Operation = FaultOperation.Refund });
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(
            folder.File("returns.csv", $"order_id,currency,refunded_amount,reference\n{orderId},EUR,1000,RMA-1\n"), "test", default);

        await app.Services.GetRequiredService<ManifestDispatcher>().DispatchAsync(import.Manifest.ManifestId, default);

        var applied = Assert.Single(await simulator.LedgerAsync());
        var line = Assert.Single(ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(
            import.Manifest.ManifestId, Path.Combine(folder.Path, "report.csv"), default)));
        var injected = simulator.Server.State.Faults.InjectedCounts();
        Assert.Equal((1, 4), (injected.GetValueOrDefault(FaultKind.LostResponse), injected.GetValueOrDefault(FaultKind.Error503)));
        Assert.Equal(("succeeded", applied.RefundId), (line["status"], line["refund_id"]));
        Assert.Contains("Proven applied by GET order", line["error_message"], StringComparison.Ordinal);
    }

    /// <summary>
    /// The property's second counterexample, pinned: a worker claims a row whose currency is not the order's and dies while
    /// preflight is still reading the order. Nothing was sent, so the row taken over after the lease must still be refused:
    /// Klarna's refund carries no currency, and sending it would refund 10.00 NOK for a manifest that said 10.00 EUR.
    /// </summary>
    [Fact]
    public async Task DispatchAsync_WrongCurrencyRowTakenOverAfterACrashDuringPreflight_IsNeverSent()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("currency_crash"), simulator, folder.Path,
            new Dictionary<string, string?> { ["Dispatch:LeaseSeconds"] = "3" });
        const string orderId = "c0cc0000-0000-4000-8000-000000000001";
        await simulator.AddOrderAsync(orderId, "NOK", "NO", captured: 5000);
        simulator.Server.State.Faults.Enqueue(orderId, new FaultSpec(FaultKind.Hang) { Operation = FaultOperation.GetOrder });
        var manifestId = (await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(
            folder.File("returns.csv", $"order_id,currency,refunded_amount,reference\n{orderId},EUR,1000,RMA-1\n"), "test", default)).Manifest.ManifestId;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var crash = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var crashed = app.Services.GetRequiredService<ManifestDispatcher>().DispatchAsync(manifestId, crash.Token);
        while (simulator.Server.State.Faults.InjectedCounts().GetValueOrDefault(FaultKind.Hang) == 0)
        {
            await Task.Delay(20, timeout.Token);
        }

        await crash.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashed);
        await RecoverySweeps.RunUntilCompleteAsync(app.Services, manifestId, timeout.Token);

        Assert.Empty(await simulator.LedgerAsync());
        var line = Assert.Single(ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(
            manifestId, Path.Combine(folder.Path, "report.csv"), default)));
        Assert.Equal(("failed", "PREFLIGHT_CURRENCY_MISMATCH"), (line["status"], line["error_code"]));
    }
}
