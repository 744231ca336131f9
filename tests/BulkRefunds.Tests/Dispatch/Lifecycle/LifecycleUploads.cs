using System.Globalization;
using System.Text;

namespace BulkRefunds.Tests.Dispatch.Lifecycle;

/// <summary>Which returns an upload step's file holds: a new subset, an earlier file again, an overlapping or a corrected one.</summary>
internal static class LifecycleUploads
{
    /// <summary>The returns of the file, or null when the step has nothing to build on yet.</summary>
    public static IReadOnlyList<int>? Compose(LifecycleCase @case, LifecycleModel model, LifecycleStep step)
    {
        var earlier = model.Files.Count == 0 ? null : model.Files[step.Pick % model.Files.Count].Returns;
        return step.Kind switch
        {
            LifecycleStepKind.UploadNew => Subset(@case, step.Mask, step.Pick),
            LifecycleStepKind.UploadOverlapping when earlier is not null => Overlapping(@case, earlier, step),
            LifecycleStepKind.UploadCorrected when earlier is not null => Corrected(@case, earlier, step),
            _ => null,
        };
    }

    public static string Csv(LifecycleCase @case, IReadOnlyList<string> orderIds, IEnumerable<int> returns)
    {
        var csv = new StringBuilder("account,order_id,currency,refunded_amount,reference\n");
        foreach (var r in returns.Select(index => @case.Returns[index]))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{r.Account},{orderIds[r.Order]},EUR,{r.AmountMinor},{r.Reference}\n");
        }

        return csv.ToString();
    }

    // Bit i of the mask takes base return i; never empty.
    private static List<int> Subset(LifecycleCase @case, int mask, int fallback)
    {
        var returns = Enumerable.Range(0, @case.BaseReturns).Where(i => (mask >> i & 1) == 1).ToList();
        return returns.Count > 0 ? returns : [fallback % @case.BaseReturns];
    }

    // Some rows of the earlier file (bit j of the mask keeps its row j; at least one), then new base returns.
    private static List<int> Overlapping(LifecycleCase @case, IReadOnlyList<int> earlier, LifecycleStep step)
    {
        var kept = earlier.Where((_, j) => (step.Mask >> j & 1) == 1).ToList();
        if (kept.Count == 0)
        {
            kept.Add(earlier[0]);
        }

        kept.AddRange(Subset(@case, step.Extra, step.Pick).Where(i => !kept.Contains(i) && !kept.Contains(@case.Counterpart(i))));
        return kept;
    }

    // The earlier file with one change: a row's amount corrected, a row removed, or a row added.
    private static List<int> Corrected(LifecycleCase @case, IReadOnlyList<int> earlier, LifecycleStep step)
    {
        var rows = earlier.ToList();
        var row = step.Mask % rows.Count;
        switch (step.Extra % 3)
        {
            case 0 when !rows.Contains(@case.Counterpart(rows[row])):
                rows[row] = @case.Counterpart(rows[row]);
                break;
            case 1 or 0 when rows.Count > 1:
                rows.RemoveAt(row);
                break;
            default:
                var added = Enumerable.Range(0, @case.BaseReturns).Select(i => (i + step.Mask) % @case.BaseReturns)
                    .FirstOrDefault(i => !rows.Contains(i) && !rows.Contains(@case.Counterpart(i)), -1);
                if (added >= 0)
                {
                    rows.Add(added);
                }
                else
                {
                    rows[row] = @case.Counterpart(rows[row]);
                }

                break;
        }

        return rows;
    }
}
