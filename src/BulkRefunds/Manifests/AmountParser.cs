namespace BulkRefunds.Manifests;

/// <summary>
/// Turns manifest amount text into minor units without floating point. Anything ambiguous is rejected, never
/// rounded: a finance user must see "fix this cell", not a refund of a different amount.
/// </summary>
public static class AmountParser
{
    /// <summary>Klarna's documented cap for <c>refunded_amount</c> (minor units).</summary>
    public const long MaxAmountMinor = 200_000_000;

    // Enough digits for 200,000,000 minor units plus decimals; longer text is rejected before any arithmetic.
    private const int MaxDigits = 15;

    /// <summary>Parses <c>refunded_amount</c>: a positive integer in minor units (Klarna's own form).</summary>
    public static AmountResult ParseMinor(string text)
    {
        var value = text.Trim();
        if (value.Length == 0)
        {
            return AmountResult.Fail("is empty");
        }

        if (value.Length > MaxDigits || !value.All(char.IsAsciiDigit))
        {
            return AmountResult.Fail($"'{value}' is not a whole number of minor units (digits only, e.g. 9500 for 95.00)");
        }

        return CheckRange(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    /// <summary>
    /// Parses <c>amount</c>: a decimal in major units with '.' or ',' as the decimal mark, no thousands separators
    /// and at most the currency's number of decimals.
    /// </summary>
    public static AmountResult ParseMajor(string text, string currency, int exponent)
    {
        var value = text.Trim();
        if (value.Length == 0)
        {
            return AmountResult.Fail("is empty");
        }

        var mark = value.IndexOfAny(['.', ',']);
        var whole = mark < 0 ? value : value[..mark];
        var fraction = mark < 0 ? "" : value[(mark + 1)..];
        if (whole.Length == 0 || whole.Length > MaxDigits || !whole.All(char.IsAsciiDigit)
            || (mark >= 0 && (fraction.Length == 0 || !fraction.All(char.IsAsciiDigit))))
        {
            return AmountResult.Fail(
                $"'{value}' is not a plain decimal amount (digits with one '.' or ',' decimal mark, no sign, no thousands separators, no exponent)");
        }

        if (fraction.Length > exponent)
        {
            return AmountResult.Fail(exponent == 0
                ? $"'{value}' has decimals but {currency} has no minor unit; write the amount as a whole number"
                : $"'{value}' has {fraction.Length} decimals but {currency} has {exponent}; if ',' or '.' is a thousands separator, remove it");
        }

        var minor = long.Parse(whole, System.Globalization.CultureInfo.InvariantCulture) * CurrencyExponents.Pow10(exponent)
            + (fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(exponent, '0'), System.Globalization.CultureInfo.InvariantCulture));
        return CheckRange(minor, value);
    }

    private static AmountResult CheckRange(long minor, string value) => minor switch
    {
        <= 0 => AmountResult.Fail($"'{value}' must be greater than zero"),
        > MaxAmountMinor => AmountResult.Fail($"'{value}' is above Klarna's limit of {MaxAmountMinor} minor units per refund"),
        _ => AmountResult.Ok(minor),
    };
}
