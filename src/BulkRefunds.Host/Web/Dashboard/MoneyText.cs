using System.Globalization;
using BulkRefunds.Manifests;

namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>An amount in minor units as people read it ("EUR 12.50"), or in minor units when the currency's exponent is unknown.</summary>
public static class MoneyText
{
    public static string Format(string? currency, long? amountMinor)
    {
        if (amountMinor is not { } minor)
        {
            return "";
        }

        return CurrencyExponents.Find(currency ?? "") is { } exponent
            ? $"{currency} {CurrencyExponents.FormatMajor(minor, exponent)}"
            : string.Create(CultureInfo.InvariantCulture, $"{currency} {minor} (minor units)").TrimStart();
    }
}
