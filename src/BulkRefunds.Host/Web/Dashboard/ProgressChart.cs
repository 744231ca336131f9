using System.Globalization;
using BulkRefunds.Reports;

namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>
/// The manifest page's progress over time as inline SVG (no script, no file, no CDN): rows that became final per minute
/// above, requests Klarna throttled (429) per minute below, over the minutes from the first to the last that saw either.
/// A long run is drawn in buckets of several minutes so the chart keeps at most <see cref="MaxBars"/> bars.
/// </summary>
public static class ProgressChart
{
    public const int MaxBars = 240;
    private const int Width = 720;
    private const int PanelHeight = 70;
    private const int Left = 48;

    public static string Svg(IReadOnlyList<ManifestMinute> minutes)
    {
        var html = new HtmlBuilder();
        if (minutes.Count == 0)
        {
            return html.Raw("<p class=\"text-muted\" id=\"progress-chart-empty\">No row has been sent yet.</p>").ToString();
        }

        var first = minutes[0].Minute;
        var span = (int)(minutes[^1].Minute - first).TotalMinutes + 1;
        var bucket = (span + MaxBars - 1) / MaxBars;
        var bars = (span + bucket - 1) / bucket;
        var final = new long[bars];
        var throttled = new long[bars];
        foreach (var minute in minutes)
        {
            var index = (int)(minute.Minute - first).TotalMinutes / bucket;
            final[index] += minute.FinalRows;
            throttled[index] += minute.Throttled;
        }

        var unit = bucket == 1 ? "minute" : $"{bucket} minutes";
        html.Invariant($"<svg id=\"progress-chart\" role=\"img\" width=\"{Width}\" height=\"{(2 * PanelHeight) + 60}\" viewBox=\"0 0 {Width} {(2 * PanelHeight) + 60}\" ")
            .Raw("xmlns=\"http://www.w3.org/2000/svg\" style=\"font:11px sans-serif\"><title>Rows final and requests throttled per ")
            .Text(unit).Raw("</title>\n");
        Panel(html, $"rows final per {unit}", final, 16, "#337ab7", "progress-final", first, bucket);
        Panel(html, $"requests throttled (429) per {unit}", throttled, PanelHeight + 40, "#d9534f", "progress-throttled", first, bucket);
        html.Invariant($"<text x=\"{Left}\" y=\"{(2 * PanelHeight) + 56}\">").Time(first).Raw(" UTC</text>")
            .Invariant($"<text x=\"{Width}\" y=\"{(2 * PanelHeight) + 56}\" text-anchor=\"end\">").Time(first.AddMinutes((bars * bucket) - 1)).Raw(" UTC</text>\n</svg>\n");
        return html.ToString();
    }

    private static void Panel(HtmlBuilder html, string title, long[] values, int top, string color, string id, DateTime first, int bucket)
    {
        var max = Math.Max(1, values.Max());
        var barWidth = Math.Max(1, (Width - Left) / values.Length);
        html.Invariant($"<g id=\"{id}\" data-max=\"{max.ToString(CultureInfo.InvariantCulture)}\"><text x=\"{Left}\" y=\"{top - 4}\">").Text(title).Raw("</text>")
            .Invariant($"<text x=\"{Left - 4}\" y=\"{top + 10}\" text-anchor=\"end\">").Number(max).Raw("</text>")
            .Invariant($"<text x=\"{Left - 4}\" y=\"{top + PanelHeight}\" text-anchor=\"end\">0</text>")
            .Invariant($"<line x1=\"{Left}\" y1=\"{top + PanelHeight}\" x2=\"{Width}\" y2=\"{top + PanelHeight}\" stroke=\"#999\"/>");
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] == 0)
            {
                continue;
            }

            // Integer arithmetic: a bar of 1 row stays visible, the tallest fills the panel.
            var height = (int)Math.Max(1, values[i] * PanelHeight / max);
            html.Invariant($"<rect x=\"{Left + (i * barWidth)}\" y=\"{top + PanelHeight - height}\" width=\"{Math.Max(1, barWidth - 1)}\" height=\"{height}\" fill=\"{color}\"><title>")
                .Time(first.AddMinutes(i * bucket)).Raw(" UTC: ").Number(values[i]).Raw("</title></rect>");
        }

        html.Raw("</g>\n");
    }
}
