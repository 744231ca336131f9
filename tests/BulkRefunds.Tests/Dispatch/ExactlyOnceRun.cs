using BulkRefunds.Dispatch;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>
/// Plays one case against the real rooms: creates its orders, imports its manifest, arms the simulator's random faults,
/// dispatches with the case's disturbances, then lets the recovery sweep (through Hangfire) finish what was left.
/// </summary>
internal static class ExactlyOnceRun
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(90);

    public static async Task<ExactlyOnceResult> ExecuteAsync(IServiceProvider services, Simulator simulator, string folder, ExactlyOnceCase @case)
    {
        using var timeout = new CancellationTokenSource(CaseTimeout);
        var orderIds = @case.Orders.Select(_ => Guid.NewGuid().ToString("D")).ToList();
        for (var i = 0; i < orderIds.Count; i++)
        {
            await simulator.AddOrderAsync(orderIds[i], @case.Orders[i].Currency, "DE", @case.Orders[i].CapturedMinor);
        }

        var manifest = Path.Combine(folder, $"returns-{orderIds[0]}.csv");
        await File.WriteAllTextAsync(manifest, @case.Csv(orderIds), timeout.Token);
        var manifestId = (await services.GetRequiredService<ManifestImporter>().ImportAsync(manifest, "property", timeout.Token)).Manifest.ManifestId;
        simulator.Server.State.Faults.SetRandom(@case.Faults.ToRandomFaults());
        try
        {
            await DispatchDisturbedAsync(services, manifestId, @case.Schedule, timeout.Token);
            await RecoverySweeps.RunUntilCompleteAsync(services, manifestId, timeout.Token);
        }
        finally
        {
            simulator.Server.State.Faults.Clear();
        }

        var report = await services.GetRequiredService<ReportService>().WriteAsync(manifestId, Path.ChangeExtension(manifest, ".report.csv"), timeout.Token);
        return new ExactlyOnceResult(manifestId, orderIds, ReportFile.Read(report), await simulator.LedgerAsync());
    }

    private static async Task DispatchDisturbedAsync(IServiceProvider services, Guid manifestId, ExactlyOnceSchedule schedule, CancellationToken cancellationToken)
    {
        var dispatcher = CreateDispatcher(services, Options.Create(schedule.ToOptions()));
        using var crash = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (schedule.CrashAfterMilliseconds is { } crashAfter)
        {
            crash.CancelAfter(crashAfter);
        }

        var first = DispatchUntilCrashAsync(dispatcher, manifestId, crash.Token);
        var second = schedule.TwoDispatchers ? dispatcher.DispatchAsync(manifestId, cancellationToken) : Task.CompletedTask;
        await Task.WhenAll(first, second);
    }

    // A cancelled dispatch stands for a worker killed mid-batch: what it claimed stays 'sending' until its lease runs out.
    private static async Task DispatchUntilCrashAsync(ManifestDispatcher dispatcher, Guid manifestId, CancellationToken crash)
    {
        try
        {
            await dispatcher.DispatchAsync(manifestId, crash);
        }
        catch (OperationCanceledException) when (crash.IsCancellationRequested)
        {
            // The crash.
        }
    }

    /// <summary>The host's dispatcher with this case's settings (batch, concurrency, attempts, lease) in every layer.</summary>
    private static ManifestDispatcher CreateDispatcher(IServiceProvider services, IOptions<DispatchOptions> options)
    {
        var rows = ActivatorUtilities.CreateInstance<RowSender>(services, options);
        var orders = ActivatorUtilities.CreateInstance<OrderSender>(services, options, rows);
        return ActivatorUtilities.CreateInstance<ManifestDispatcher>(services, options, orders);
    }
}
