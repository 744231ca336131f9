using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>
/// Markup for the manifest page's sections: <see cref="Raw"/> for our own tags, <see cref="Text"/> for anything that
/// came from a user, a file or Klarna (file names, order ids, error messages), which is always HTML-encoded.
/// </summary>
public sealed class HtmlBuilder
{
    private readonly StringBuilder builder = new();

    public HtmlBuilder Raw(string markup)
    {
        builder.Append(markup);
        return this;
    }

    public HtmlBuilder Text(string? text)
    {
        builder.Append(HtmlEncoder.Default.Encode(text ?? ""));
        return this;
    }

    /// <summary>Our own markup with numbers in it, formatted invariantly (a decimal comma would break SVG coordinates).</summary>
    public HtmlBuilder Invariant(FormattableString markup) => Raw(FormattableString.Invariant(markup));

    public HtmlBuilder Number(long value) => Raw(value.ToString(CultureInfo.InvariantCulture));

    public HtmlBuilder Time(DateTime? utc) => Text(utc?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "—");

    public override string ToString() => builder.ToString();
}
