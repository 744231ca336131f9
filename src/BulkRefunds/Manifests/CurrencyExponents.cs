using System.Collections.Frozen;

namespace BulkRefunds.Manifests;

/// <summary>
/// ISO 4217 minor-unit exponents for the currencies a manifest may use. Explicit on purpose: an amount is only
/// converted to minor units when we know the exponent, never guessed. HUF and CZK follow ISO 4217 (2); Klarna
/// does not document otherwise.
/// </summary>
public static class CurrencyExponents
{
    private static readonly FrozenDictionary<string, int> Exponents = new Dictionary<string, int>
    {
        ["AUD"] = 2, ["CAD"] = 2, ["CHF"] = 2, ["CZK"] = 2, ["DKK"] = 2, ["EUR"] = 2, ["GBP"] = 2,
        ["HUF"] = 2, ["MXN"] = 2, ["NOK"] = 2, ["NZD"] = 2, ["PLN"] = 2, ["RON"] = 2, ["SEK"] = 2,
        ["USD"] = 2, ["ISK"] = 0, ["JPY"] = 0, ["KRW"] = 0, ["BHD"] = 3, ["JOD"] = 3, ["KWD"] = 3,
        ["OMR"] = 3, ["TND"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Any spelling of a code to its upper-case string, so a million rows share one "EUR" instead of allocating each.
    private static readonly FrozenDictionary<string, string> Codes =
        Exponents.Keys.ToFrozenDictionary(code => code, code => code, StringComparer.OrdinalIgnoreCase);

    /// <summary>The exponent of <paramref name="currency"/> (upper-case ISO code), or null when unknown.</summary>
    public static int? Find(string currency) => Exponents.TryGetValue(currency, out var exponent) ? exponent : null;

    /// <summary>The upper-case code for <paramref name="currency"/> in any case, or null when it is not supported.</summary>
    public static string? Canonical(string currency) => Codes.GetValueOrDefault(currency);

    /// <summary>Formats minor units as a plain decimal string in major units, e.g. 9500 EUR → "95.00".</summary>
    public static string FormatMajor(long amountMinor, int exponent)
    {
        if (exponent == 0)
        {
            return amountMinor.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var divisor = Pow10(exponent);
        var sign = amountMinor < 0 ? "-" : "";
        var absolute = Math.Abs(amountMinor);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{sign}{absolute / divisor}.{(absolute % divisor).ToString(new string('0', exponent), System.Globalization.CultureInfo.InvariantCulture)}");
    }

    internal static long Pow10(int exponent)
    {
        long result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }
}
