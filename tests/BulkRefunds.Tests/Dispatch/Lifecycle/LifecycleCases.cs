using CsCheck;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// The generator of the lifecycle model test: 1–3 orders, 3–7 returns (one in four on account <c>eu</c>), each with a
/// correction of another amount, and 7–23 steps (the first an upload) weighted towards uploads, dispatch and Klarna's misbehaviour.
/// </summary>
internal static class LifecycleCases
{
    private static readonly Gen<LifecycleStepKind> Kind = Gen.Frequency(
        (6, Gen.Const(LifecycleStepKind.UploadNew)),
        (2, Gen.Const(LifecycleStepKind.Release)),
        (2, Gen.Const(LifecycleStepKind.UploadIdentical)),
        (3, Gen.Const(LifecycleStepKind.UploadOverlapping)),
        (4, Gen.Const(LifecycleStepKind.UploadCorrected)),
        (4, Gen.Const(LifecycleStepKind.Approve)),
        (2, Gen.Const(LifecycleStepKind.Cancel)),
        (3, Gen.Const(LifecycleStepKind.Retry)),
        (6, Gen.Const(LifecycleStepKind.Dispatch)),
        (2, Gen.Const(LifecycleStepKind.Crash)),
        (4, Gen.Const(LifecycleStepKind.Sweep)),
        (7, Gen.Const(LifecycleStepKind.Fault)),
        (1, Gen.Const(LifecycleStepKind.ClockJump)),
        (2, Gen.Const(LifecycleStepKind.OtherWorker)),
        (3, Gen.Const(LifecycleStepKind.Resolve)));

    private static readonly Gen<LifecycleStep> Step =
        Gen.Select(Kind, Gen.Int[0, 1000], Gen.Int[0, 4095], Gen.Int[0, 4095], Gen.Bool,
            (kind, pick, mask, extra, flag) => new LifecycleStep(kind, pick, mask, extra, flag));

    private static readonly Gen<(int Order, int Amount, int Correction, bool Eu)> Draw =
        Gen.Select(Gen.Int[0, 2], Gen.Int[1, 60], Gen.Int[1, 60], Gen.Int[0, 3], (order, amount, correction, account) => (order, amount, correction, account == 0));

    public static Gen<LifecycleCase> All { get; } =
        from orders in Gen.Int[1, 3]
        from draws in Draw.Array[3, 7]
        from first in Step
        from steps in Step.Array[6, 22]
        select Build(orders, draws, [first with { Kind = LifecycleStepKind.UploadNew }, .. steps]);

    private static LifecycleCase Build(int orders, (int Order, int Amount, int Correction, bool Eu)[] draws, LifecycleStep[] steps)
    {
        var returns = draws.Select((draw, i) => new LifecycleReturn(draw.Eu ? "eu" : "default", draw.Order % orders, $"RMA-{i + 1}", draw.Amount * 50L, null)).ToList();
        returns.AddRange(draws.Select((draw, i) => returns[i] with
        {
            AmountMinor = draw.Correction == draw.Amount ? draw.Amount * 50L + 25 : draw.Correction * 50L,
            CorrectionOf = i,
        }).ToList());
        var captured = Enumerable.Range(0, orders).Select(order => returns.Where(r => r.Order == order).Sum(r => r.AmountMinor) + 1000).ToList();
        return new LifecycleCase(captured, returns, steps);
    }
}
