namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// A return as finance knows it: (account, order, reference, amount). <paramref name="Order"/> indexes the case's orders;
/// <paramref name="CorrectionOf"/> names the return this one corrects (same account, order and reference, another amount).
/// </summary>
internal sealed record LifecycleReturn(string Account, int Order, string Reference, long AmountMinor, int? CorrectionOf)
{
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{Account}/o{Order}/{Reference}/{AmountMinor}{(CorrectionOf is { } original ? $" (corrects r{original})" : "")}");
}
