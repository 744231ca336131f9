using BulkRefunds.Tests.Infrastructure;
using CsCheck;
using Xunit.Abstractions;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// Exactly once per return, across the whole lifecycle, as a model test: random sequences of uploads (new, identical,
/// overlapping, corrected files; with or without approval), approvals by two operators, cancels, retries, dispatch runs
/// (two at once, or crashed mid-flight), recovery sweeps, Klarna misbehaving (503, 429, hangs, lost answers, 502/504
/// after applying), workers with another endpoint or a missing account, and clock jumps past Klarna's 24 h key window.
/// After every step: at most one refund per return; succeeded ⇒ in the ledger; failed ⇒ not in the ledger. Once
/// everything is final: every return a manifest that was not cancelled asks for is refunded exactly once, and every
/// refund is reported succeeded by exactly one line. A failure prints CsCheck's seed, the case and the steps played;
/// <c>CsCheck_Seed=&lt;seed&gt; CsCheck_Iter=1</c> replays it (thread timing is not replayed); <c>CsCheck_Iter</c>
/// alone sets the number of cases.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class LifecycleModelTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const long DefaultCases = 20;

    [Fact]
    public async Task Lifecycle_RandomUploadsOperatorActionsFaultsWorkersAndClockJumps_RefundsEachReturnAtMostOnceAndEveryAskedReturnOnce()
    {
        using var folder = new TempFolder();
        await using var world = await LifecycleWorld.StartAsync(postgres, folder.Path);
        output.WriteLine("other workers: " + string.Join("; ", world.Others.Select(other => $"{other.Name}: {(other.Worker is null ? "refused to start" : "running")}")));
        var cases = 0;

        await LifecycleCases.All.SampleAsync(async @case =>
            {
                output.WriteLine($"case {++cases}:\n{@case}");
                var run = new LifecycleRun(world, @case);
                try
                {
                    await run.ExecuteAsync();
                }
                finally
                {
                    output.WriteLine(run.Log);
                }
            },
            writeLine: output.WriteLine, iter: Environment.GetEnvironmentVariable("CsCheck_Iter") is { Length: > 0 } ? -1 : DefaultCases, threads: 1,
            print: @case => @case.ToString());
    }

    /// <summary>
    /// A lifecycle pinned by hand (issue 14): a retried row's refunds get 503 on every attempt and GET order cannot be read
    /// to settle it, so it needs review; an operator finds it not applied (the ledger has no refund with its tag), a second
    /// operator confirms, and the next retry refunds it once.
    /// </summary>
    [Fact]
    public async Task Lifecycle_NeedsReviewResolvedNotAppliedAndConfirmed_IsRetriedAndRefundedOnce()
    {
        using var folder = new TempFolder();
        await using var world = await LifecycleWorld.StartAsync(postgres, folder.Path);
        LifecycleReturn[] returns = [new("default", 0, "RMA-1", 1000, null), new("default", 0, "RMA-1", 1100, 0)];
        LifecycleStep[] steps =
        [
            new(LifecycleStepKind.UploadNew, 0, Mask: 0b01, Extra: 0, Flag: false),           // m1: r0
            new(LifecycleStepKind.Fault, 0, Mask: 0, Extra: 2, Flag: false),                  // 503 on the next 3 refunds
            new(LifecycleStepKind.Dispatch, 0, Mask: 0, Extra: 0, Flag: false),               // proven not applied: failed, retryable
            new(LifecycleStepKind.Fault, 0, Mask: 7, Extra: 0, Flag: false),                  // 503 on the next 3 refunds, then on GET order
            new(LifecycleStepKind.Retry, 0, Mask: 0, Extra: 1, Flag: false),
            new(LifecycleStepKind.Dispatch, 0, Mask: 0, Extra: 0, Flag: false),               // resent, unsettled: needs_review
            new(LifecycleStepKind.Resolve, 7, Mask: 0, Extra: 0, Flag: false),                // alice: not applied; bob confirms
            new(LifecycleStepKind.Retry, 0, Mask: 0, Extra: 1, Flag: false),
            new(LifecycleStepKind.Dispatch, 0, Mask: 0, Extra: 0, Flag: false),
        ];
        var run = new LifecycleRun(world, new LifecycleCase([10_000], returns, steps));

        try
        {
            await run.ExecuteAsync();
        }
        finally
        {
            output.WriteLine(run.Log);
        }

        Assert.Contains("resolved by hand as not applied", run.Log, StringComparison.Ordinal);
    }

    /// <summary>
    /// A lifecycle pinned by hand (issue 11, scenario 1): the return fails on 503s, is re-uploaded in a new file and refunded
    /// there, then an operator retries the first manifest. The return must still be refunded once.
    /// </summary>
    [Fact]
    public async Task Lifecycle_RetryAfterTheReturnWasReUploadedAndRefunded_RefundsItOnce()
    {
        using var folder = new TempFolder();
        await using var world = await LifecycleWorld.StartAsync(postgres, folder.Path);
        LifecycleReturn[] returns =
        [
            new("default", 0, "RMA-1", 1000, null), new("default", 0, "RMA-2", 1200, null),
            new("default", 0, "RMA-1", 1100, 0), new("default", 0, "RMA-2", 1300, 1),
        ];
        LifecycleStep[] steps =
        [
            new(LifecycleStepKind.UploadNew, 0, Mask: 0b01, Extra: 0, Flag: false),           // m1: r0
            new(LifecycleStepKind.Fault, 0, Mask: 0, Extra: 2, Flag: false),                  // 503 on the next 3 refunds
            new(LifecycleStepKind.Dispatch, 0, Mask: 0, Extra: 0, Flag: false),               // m1's row fails, retryable
            new(LifecycleStepKind.UploadNew, 0, Mask: 0b11, Extra: 1, Flag: false),           // m2: r0 again, and r1
            new(LifecycleStepKind.Dispatch, 1, Mask: 0, Extra: 0, Flag: false),               // m2 refunds r0 and r1
            new(LifecycleStepKind.Retry, 0, Mask: 0, Extra: 1, Flag: false),                  // retry m1
            new(LifecycleStepKind.Dispatch, 0, Mask: 0, Extra: 0, Flag: false),
        ];
        var run = new LifecycleRun(world, new LifecycleCase([10_000], returns, steps));

        try
        {
            await run.ExecuteAsync();
        }
        finally
        {
            output.WriteLine(run.Log);
        }
    }
}
