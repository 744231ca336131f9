using System.Globalization;
using System.Text;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>
/// One generated lifecycle: a pool of returns over a few fully captured orders, and the steps played on them. The first
/// half of <see cref="Returns"/> are the returns uploads pick from; return i + half corrects return i's amount.
/// Every order's capture covers all its returns, corrections included, so every return is refundable.
/// </summary>
internal sealed record LifecycleCase(IReadOnlyList<long> CapturedMinor, IReadOnlyList<LifecycleReturn> Returns, IReadOnlyList<LifecycleStep> Steps)
{
    public int BaseReturns => Returns.Count / 2;

    /// <summary>The return that corrects <paramref name="index"/>, or the one it corrects.</summary>
    public int Counterpart(int index) => index < BaseReturns ? index + BaseReturns : index - BaseReturns;

    public override string ToString()
    {
        var text = new StringBuilder("orders: ").AppendJoin(", ", CapturedMinor.Select((captured, i) => string.Create(CultureInfo.InvariantCulture, $"o{i} EUR {captured}")));
        text.Append("\nreturns: ").AppendJoin(", ", Returns.Select((r, i) => string.Create(CultureInfo.InvariantCulture, $"r{i} {r}")));
        text.Append("\nsteps: ").AppendJoin(", ", Steps.Select((step, i) => string.Create(CultureInfo.InvariantCulture, $"#{i + 1} {step}")));
        return text.ToString();
    }
}
