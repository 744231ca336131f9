using System.Globalization;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Staging;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>The steps, each through a public door: import, the operator's actions, dispatch, the sweep, Klarna's faults.</summary>
internal sealed partial class LifecycleRun
{
    private static readonly string[] Operators = ["alice", "bob"];

    private async Task PlayAsync(LifecycleStep step, CancellationToken cancellationToken)
    {
        var manifest = model.Manifests.Count == 0 ? (Guid?)null : model.Manifests[step.Pick % model.Manifests.Count];
        switch (step.Kind)
        {
            case LifecycleStepKind.UploadIdentical when model.Files.Count > 0:
                var (earlierPath, earlierReturns) = model.Files[step.Pick % model.Files.Count];
                await UploadAsync(earlierReturns, await File.ReadAllBytesAsync(earlierPath, cancellationToken), step, cancellationToken);
                break;
            case LifecycleStepKind.UploadNew or LifecycleStepKind.UploadOverlapping or LifecycleStepKind.UploadCorrected
                when LifecycleUploads.Compose(@case, model, step) is { } returns:
                await UploadAsync(returns, System.Text.Encoding.UTF8.GetBytes(LifecycleUploads.Csv(@case, orderIds, returns)), step, cancellationToken);
                break;
            case LifecycleStepKind.Approve when manifest is { } id:
                Note($"approve {model.Describe(id)} by {Operators[step.Extra % 2]}: {(await world.Main.Actions().ApproveAsync(id, Operators[step.Extra % 2], cancellationToken)).Message}");
                break;
            case LifecycleStepKind.Cancel when manifest is { } id:
                var cancelled = await world.Main.Actions().CancelRemainingAsync(id, Operators[step.Extra % 2], cancellationToken);
                if (cancelled.Succeeded)
                {
                    model.Cancel(id);
                }

                Note($"cancel {model.Describe(id)}: {cancelled.Message}");
                break;
            case LifecycleStepKind.Retry when manifest is { } id:
                Note($"retry {model.Describe(id)}: {(await world.Main.Actions().RetryFailedAsync(id, Operators[step.Extra % 2], cancellationToken)).Message}");
                break;
            case LifecycleStepKind.Dispatch when manifest is { } id:
                await Task.WhenAll(step.Flag
                    ? [world.Main.Dispatcher().DispatchAsync(id, cancellationToken), world.Main.Dispatcher().DispatchAsync(id, cancellationToken)]
                    : [world.Main.Dispatcher().DispatchAsync(id, cancellationToken)]);
                Note($"dispatch {model.Describe(id)}{(step.Flag ? " twice at once" : "")}");
                break;
            case LifecycleStepKind.Crash when manifest is { } id:
                await CrashAsync(id, TimeSpan.FromMilliseconds(5 + step.Extra % 300), cancellationToken);
                break;
            case LifecycleStepKind.Sweep:
                await world.Main.SweepAsync(model.Owns, cancellationToken);
                Note("recovery sweep");
                break;
            case LifecycleStepKind.Fault:
                Note(Arm(step));
                break;
            case LifecycleStepKind.ClockJump:
                world.Clock.Advance(TimeSpan.FromHours(25));
                Note($"clock +25 h (Klarna's and our dispatchers' clock now {world.Clock.GetUtcNow():yyyy-MM-dd HH:mm})");
                break;
            case LifecycleStepKind.OtherWorker:
                await OtherWorkerAsync(step, manifest, cancellationToken);
                break;
            case LifecycleStepKind.Release:
                await ReleaseAsync(step, cancellationToken);
                break;
            case LifecycleStepKind.Resolve when manifest is { } id:
                await ResolveAsync(step, id, cancellationToken);
                break;
            default:
                Note("nothing to act on yet");
                break;
        }
    }

    private async Task UploadAsync(IReadOnlyList<int> returns, byte[] bytes, LifecycleStep step, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"returns-{model.Files.Count + 1}.csv"));
        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
        // One upload in five arrives as the drop folder imports it: no person uploaded it, so two operators must approve.
        var dropFolder = step.Extra % 5 == 4;
        var uploader = dropFolder ? "drop-folder" : Operators[step.Extra % 2];
        var import = await world.Main.Get<ManifestImporter>().ImportAsync(path, uploader,
            new ImportOptions(RequireApproval: step.Flag || dropFolder, ApprovalsRequired: dropFolder ? 2 : 1), cancellationToken);
        var isNew = !model.Owns(import.Manifest.ManifestId);
        model.Imported(path, returns, import.Manifest.ManifestId);
        Note($"upload {Path.GetFileName(path)} [{string.Join(" ", returns.Select(r => "r" + r))}] by {uploader}{(dropFolder ? ", two approvals required" : step.Flag ? ", approval required" : "")} → "
            + $"{(isNew ? "new " : "same bytes as ")}{model.Describe(import.Manifest.ManifestId)} ({string.Join(", ", import.RowsByState.Select(state => $"{state.Key} {state.Value}"))})");
    }

    // A release of an order's remaining authorization, uploaded as its own small file (a new reference each time, so new
    // bytes: the same release asked for again) and sent at once, sometimes by two dispatchers together. Release manifests
    // stay outside the model of refunds; the check is the ledger's: at most one release per order.
    private async Task ReleaseAsync(LifecycleStep step, CancellationToken cancellationToken)
    {
        var order = step.Pick % orderIds.Count;
        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"release-{log.Length}-{step.Extra}.csv"));
        await File.WriteAllTextAsync(path, $"action,account,order_id,reference\nrelease,default,{orderIds[order]},REL-{step.Extra}\n", cancellationToken);
        var import = await world.Main.Get<ManifestImporter>().ImportAsync(path, Operators[step.Extra % 2], cancellationToken);
        var id = import.Manifest.ManifestId;
        await Task.WhenAll(step.Flag
            ? [world.Main.Dispatcher().DispatchAsync(id, cancellationToken), world.Main.Dispatcher().DispatchAsync(id, cancellationToken)]
            : [world.Main.Dispatcher().DispatchAsync(id, cancellationToken)]);
        Note($"release o{order} ({string.Join(", ", import.RowsByState.Select(state => $"{state.Key} {state.Value}"))}){(step.Flag ? ", sent by two dispatchers at once" : "")}");
    }

    // A worker killed mid-flight: what it claimed stays 'sending' until its lease runs out.
    private async Task CrashAsync(Guid manifestId, TimeSpan after, CancellationToken cancellationToken)
    {
        using var crash = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        crash.CancelAfter(after);
        try
        {
            await world.Main.Dispatcher().DispatchAsync(manifestId, crash.Token);
            Note($"dispatch {model.Describe(manifestId)}, finished before the crash at {after.TotalMilliseconds} ms");
        }
        catch (OperationCanceledException) when (crash.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            Note($"dispatch {model.Describe(manifestId)} crashed after {after.TotalMilliseconds} ms");
        }
    }

    // Klarna's behaviour for the order's next refunds (or reads). 502/504 after applying come from the gateway in front of Klarna.
    private string Arm(LifecycleStep step)
    {
        var order = step.Pick % orderIds.Count;
        var choice = step.Mask % 8;
        if (choice == 7)
        {
            // Nothing can settle it: the next refunds get 503 on every attempt (3) and the GET order that would settle them
            // fails, so the row ends needs_review for the resolve door. An order's faults queue in order (the head blocks
            // the rest), so a preflight GET before them still reads the order.
            var faults = world.Klarna.Server.State.Faults;
            faults.Enqueue(orderIds[order], new FaultSpec(FaultKind.Error503, LifecycleWorker.Settings.MaxAttempts) { Operation = FaultOperation.Refund });
            faults.Enqueue(orderIds[order], new FaultSpec(FaultKind.Error503) { Operation = FaultOperation.GetOrder });
            return $"Klarna: o{order}'s next {LifecycleWorker.Settings.MaxAttempts} refund(s) get Error503, then its GET order does";
        }

        if (choice >= 5)
        {
            var (status, count) = (choice == 5 ? 504 : 502, 1 + step.Extra % 4);
            world.Gateway.ArmAfterApply(orderIds[order], status, count);
            return $"gateway: o{order}'s next {count} refund(s) are applied at Klarna and answered {status}";
        }

        var (kind, times) = choice switch
        {
            0 => (FaultKind.Error503, 1 + step.Extra % 6),
            1 => (FaultKind.RateLimited, 1 + step.Extra % 3),
            2 => (FaultKind.LostResponse, 1),
            3 => (FaultKind.HangAfterApply, 1),
            _ => (FaultKind.Hang, 1 + step.Extra % 2),
        };
        world.Klarna.Server.State.Faults.Enqueue(orderIds[order], new FaultSpec(kind, times) { Operation = FaultOperation.Refund });
        return $"Klarna: o{order}'s next {times} refund(s) get {kind}";
    }

    // Another process on the same database: it sweeps (the recurring job every worker runs) or dispatches a manifest.
    private async Task OtherWorkerAsync(LifecycleStep step, Guid? manifest, CancellationToken cancellationToken)
    {
        var (name, worker) = world.Others[step.Mask % world.Others.Count];
        if (worker is null)
        {
            Note($"worker with {name}: refused to start");
        }
        else if (step.Flag || manifest is null)
        {
            await worker.SweepAsync(model.Owns, cancellationToken);
            Note($"recovery sweep by a worker with {name}");
        }
        else
        {
            await worker.Dispatcher().DispatchAsync(manifest.Value, cancellationToken);
            Note($"dispatch {model.Describe(manifest.Value)} by a worker with {name}");
        }
    }
}
