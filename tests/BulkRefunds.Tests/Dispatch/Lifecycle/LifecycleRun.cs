using System.Globalization;
using System.Text;
using BulkRefunds.KlarnaSimulator;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Reports;
using Npgsql;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// Plays one case: creates its orders, runs its steps through the public doors, checks the invariants after every
/// step, then drives everything to final (faults cleared, every manifest approved by two operators, failed rows
/// retried, dispatch and the recovery sweep until nothing is open) and checks the final invariants.
/// </summary>
internal sealed partial class LifecycleRun(LifecycleWorld world, LifecycleCase @case)
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(150);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(45);
    private readonly LifecycleModel model = new();
    // Authorized beyond what is captured, so an order has something left to release.
    private const long RemainingAuthorization = 1_000;

    private readonly StringBuilder log = new();
    private readonly List<string> orderIds = @case.CapturedMinor.Select(_ => Guid.NewGuid().ToString("D")).ToList();
    private readonly string folder = Path.Combine(world.Folder, Guid.NewGuid().ToString("N")[..8]);

    public string Log => log.ToString();

    public async Task ExecuteAsync()
    {
        using var timeout = new CancellationTokenSource(CaseTimeout);
        var cancellationToken = timeout.Token;
        Directory.CreateDirectory(folder);
        for (var i = 0; i < orderIds.Count; i++)
        {
            await world.Klarna.AddOrderAsync(orderIds[i], "EUR", "DE", @case.CapturedMinor[i], orderAmount: @case.CapturedMinor[i] + RemainingAuthorization);
        }

        Note($"orders: {string.Join(", ", orderIds.Select((id, i) => $"o{i}={id}"))}");
        try
        {
            for (var i = 0; i < @case.Steps.Count; i++)
            {
                var step = @case.Steps[i];
                log.Append(CultureInfo.InvariantCulture, $"#{i + 1} {step}: ");
                await Guard(() => PlayAsync(step, cancellationToken), $"step #{i + 1}");
                await CheckAsync($"after step #{i + 1} {step.Kind}", final: false, cancellationToken);
            }

            await Guard(() => FinishAsync(cancellationToken), "the final drive");
            await CheckAsync("once everything is final", final: true, cancellationToken);
        }
        finally
        {
            world.ClearFaults();
        }
    }

    // Everything still waiting is approved (by two operators: whichever four-eyes needs), Klarna behaves again, rows in
    // review are resolved with the ledger's truth (confirmed by a second operator), failed rows of manifests not
    // cancelled are retried, and dispatch runs until no row is open. Three rounds bound it.
    private async Task FinishAsync(CancellationToken cancellationToken)
    {
        Note("final drive:");
        world.ClearFaults();
        var actions = world.Main.Actions();
        for (var round = 0; round < 3; round++)
        {
            foreach (var manifestId in model.Manifests)
            {
                if ((await world.Main.Get<ManifestStore>().FindAsync(manifestId, cancellationToken))!.AwaitingApproval)
                {
                    Note($"  approve {model.Describe(manifestId)}: {(await actions.ApproveAsync(manifestId, "alice", cancellationToken)).Message} / "
                        + (await actions.ApproveAsync(manifestId, "bob", cancellationToken)).Message);
                }

                // Not in the last round: a row found not applied is retried in the round after.
                if (round < 2)
                {
                    await ResolveAllAsync(manifestId, cancellationToken);
                }

                if (round > 0 && !model.IsCancelled(manifestId))
                {
                    Note($"  retry {model.Describe(manifestId)}: {(await actions.RetryFailedAsync(manifestId, "carol", cancellationToken)).Message}");
                }
            }

            await DrainAsync(cancellationToken);
            await CheckAsync($"after final round {round + 1}", final: false, cancellationToken);
        }
    }

    /// <summary>The recovery sweep and the jobs it enqueues, every 300 ms, until no approved manifest of the case has an open row.</summary>
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var open = new List<string>();
            foreach (var manifestId in model.Manifests)
            {
                var manifest = (await world.Main.Get<ManifestStore>().FindAsync(manifestId, cancellationToken))!;
                if (!manifest.AwaitingApproval && await world.Main.Get<ManifestStore>().CountOpenAsync(manifestId, cancellationToken) is > 0 and var rows)
                {
                    open.Add($"{model.Describe(manifestId)}: {rows}");
                }
            }

            if (open.Count == 0)
            {
                return;
            }

            if (waited.Elapsed > DrainTimeout)
            {
                throw new TimeoutException($"Rows still open after {DrainTimeout.TotalSeconds} s of sweeps: {string.Join(", ", open)}.");
            }

            await world.Main.SweepAsync(model.Owns, cancellationToken);
            await Task.Delay(300, cancellationToken);
        }
    }

    private async Task CheckAsync(string when, bool final, CancellationToken cancellationToken)
    {
        var snapshot = await SnapshotAsync(cancellationToken);
        var violations = LifecycleInvariants.Check(@case, model, orderIds, snapshot, final);
        // Releases are returns too, keyed by account and order: each order's remaining authorization is released at most once.
        var releases = (await world.Klarna.LedgerAsync()).Where(entry => entry.Kind == LedgerEntry.ReleaseKind && orderIds.Contains(entry.OrderId, StringComparer.Ordinal));
        violations.AddRange(releases.GroupBy(entry => entry.OrderId).Where(order => order.Count() > 1)
            .Select(order => ($"(1) order {order.Key} had its remaining authorization released {order.Count()} times", -1)));
        // The counters the page and the API read equal a fresh count of the rows, after every step.
        violations.AddRange((await ManifestCounters.DriftAsync(world.Main.Get<NpgsqlDataSource>()))
            .Select(drift => ($"(5) manifest counters differ from the rows: {drift}", -1)));
        if (violations.Count == 0)
        {
            return;
        }

        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{violations[0].Violation} ({when}; {violations.Count} violation(s) in all)").AppendLine();
        foreach (var (violation, r) in violations.Take(6))
        {
            text.Append("- ").AppendLine(violation);
            foreach (var detail in LifecycleInvariants.Details(@case, orderIds, snapshot, r))
            {
                text.AppendLine(detail);
            }
        }

        text.Append("faults injected so far: ").AppendLine(world.FaultCounts());
        text.AppendLine("steps played:").Append(log);
        Assert.Fail(text.ToString());
    }

    private async Task<LifecycleSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var ledger = (await world.Klarna.LedgerAsync()).Where(entry => entry.Kind == LedgerEntry.RefundKind && orderIds.Contains(entry.OrderId, StringComparer.Ordinal)).ToList();
        var lines = new List<LifecycleReportLine>();
        foreach (var manifestId in model.Manifests)
        {
            var path = await world.Main.Get<ReportService>().WriteAsync(manifestId, Path.Combine(folder, $"{manifestId:N}.report.csv"), cancellationToken);
            lines.AddRange(ReportFile.Read(path).Select(fields => new LifecycleReportLine(model.Describe(manifestId), manifestId, ReturnOf(fields), fields)));
        }

        return new LifecycleSnapshot(ledger, lines);
    }

    private int ReturnOf(Dictionary<string, string> fields)
    {
        for (var i = 0; i < @case.Returns.Count; i++)
        {
            var r = @case.Returns[i];
            if (fields["account"] == r.Account && fields["order_id"] == orderIds[r.Order] && fields["reference"] == r.Reference
                && fields["amount_minor"] == r.AmountMinor.ToString(CultureInfo.InvariantCulture))
            {
                return i;
            }
        }

        return -1;
    }

    // A step that throws is a finding too (or a broken test): either way the steps so far are what one needs to see.
    private async Task Guard(Func<Task> play, string what)
    {
        try
        {
            await play();
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{what} threw {exception.GetType().Name}: {exception.Message}\nsteps played:\n{log}", exception);
        }
    }

    private void Note(string text) => log.AppendLine(text);
}
