using BulkRefunds.Reports;

namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>
/// Requested and refunded money per currency as inline SVG bars: each currency on its own scale (requested = full
/// width), since amounts in different currencies are never added or compared.
/// </summary>
public static class AmountsChart
{
    private const int Width = 420;
    private const int BarWidth = 260;
    private const int RowHeight = 34;

    public static string Svg(IReadOnlyList<CurrencyAmounts> currencies)
    {
        var html = new HtmlBuilder();
        if (currencies.Count == 0)
        {
            return html.Raw("<p class=\"text-muted\">No refund amounts in this manifest.</p>").ToString();
        }

        var height = (currencies.Count * RowHeight) + 8;
        html.Invariant($"<svg id=\"amounts-chart\" role=\"img\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" ")
            .Raw("xmlns=\"http://www.w3.org/2000/svg\" style=\"font:11px sans-serif\"><title>Refunded of requested, per currency</title>\n");
        var top = 4;
        foreach (var amounts in currencies)
        {
            // Integer arithmetic on minor units; requested is > 0 for every currency listed (ManifestOverviewStore).
            var refunded = (int)(BarWidth * Math.Min(amounts.RefundedMinor, amounts.RequestedMinor) / Math.Max(1, amounts.RequestedMinor));
            html.Raw("<g class=\"amounts-bar\" data-currency=\"").Text(amounts.Currency).Raw("\">")
                .Invariant($"<text x=\"0\" y=\"{top + 12}\">").Text(amounts.Currency).Raw("</text>")
                .Invariant($"<rect x=\"40\" y=\"{top}\" width=\"{BarWidth}\" height=\"16\" fill=\"#ddd\"><title>requested ")
                .Text(MoneyText.Format(amounts.Currency, amounts.RequestedMinor)).Raw("</title></rect>")
                .Invariant($"<rect x=\"40\" y=\"{top}\" width=\"{refunded}\" height=\"16\" fill=\"#5cb85c\"><title>refunded ")
                .Text(MoneyText.Format(amounts.Currency, amounts.RefundedMinor)).Raw("</title></rect>")
                .Invariant($"<text x=\"40\" y=\"{top + 28}\" class=\"amounts-label\">refunded ")
                .Text(MoneyText.Format(amounts.Currency, amounts.RefundedMinor)).Raw(" of ")
                .Text(MoneyText.Format(amounts.Currency, amounts.RequestedMinor)).Raw("</text></g>\n");
            top += RowHeight;
        }

        return html.Raw("</svg>\n").ToString();
    }
}
