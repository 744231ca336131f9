using System.Globalization;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// One step with raw numbers that are resolved against the state when it runs (e.g. <paramref name="Pick"/> modulo the
/// manifests uploaded so far), so every generated sequence is playable and shrinks well.
/// </summary>
internal sealed record LifecycleStep(LifecycleStepKind Kind, int Pick, int Mask, int Extra, bool Flag)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Kind}({Pick}, {Mask}, {Extra}, {Flag})");
}
