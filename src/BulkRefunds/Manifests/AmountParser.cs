using System.Globalization;

namespace BulkRefunds.Manifests;

/// <summary>
/// Turns manifest amount text into minor units without floating point. Anything ambiguous is rejected, never
/// rounded: a finance user must see "fix this cell", not a refund of a different amount. Works on spans: a million
/// rows allocate nothing here unless a cell is wrong (then only the message).
/// </summary>
public static class AmountParser
{
    /// <summary>Klarna's documented cap for <c>refunded_amount</c> and line amounts (minor units).</summary>
    public const long MaxAmountMinor = 200_000_000;

    // Enough digits for 200,000,000 minor units plus decimals; longer text is rejected before any arithmetic.
    private const int MaxDigits = 15;

    /// <summary>Parses <c>refunded_amount</c>: a positive integer in minor units (Klarna's own form).</summary>
    public static AmountResult ParseMinor(string text) => Parse(text, "", exponent: null, AmountSign.Positive);

    /// <summary>
    /// Parses <c>amount</c>: a positive decimal in major units with '.' or ',' as the decimal mark, no thousands
    /// separators and at most the currency's number of decimals.
    /// </summary>
    public static AmountResult ParseMajor(string text, string currency, int exponent) => Parse(text, currency, exponent, AmountSign.Positive);

    /// <summary>
    /// The general form: <paramref name="exponent"/> null means the text is in minor units; otherwise it is a decimal
    /// in major units of <paramref name="currency"/>. Negative values only where <paramref name="sign"/> allows them.
    /// </summary>
    public static AmountResult Parse(string text, string currency, int? exponent, AmountSign sign)
    {
        var value = text.AsSpan().Trim();
        if (value.IsEmpty)
        {
            return AmountResult.Fail("is empty");
        }

        var negative = sign == AmountSign.Any && value[0] == '-';
        var digits = negative ? value[1..] : value;
        var magnitude = exponent is { } places ? Major(digits, value, currency, places) : Minor(digits, value);
        if (magnitude.Error is not null)
        {
            return magnitude;
        }

        var minor = negative ? -magnitude.AmountMinor : magnitude.AmountMinor;
        return minor switch
        {
            0 when sign == AmountSign.Positive => AmountResult.Fail($"'{value}' must be greater than zero"),
            > MaxAmountMinor or < -MaxAmountMinor => AmountResult.Fail($"'{value}' is beyond Klarna's limit of {MaxAmountMinor} minor units"),
            _ => AmountResult.Ok(minor),
        };
    }

    private static AmountResult Minor(ReadOnlySpan<char> digits, ReadOnlySpan<char> value) =>
        digits.Length > MaxDigits || !AllDigits(digits)
            ? AmountResult.Fail($"'{value}' is not a whole number of minor units (digits only, e.g. 9500 for 95.00)")
            : AmountResult.Ok(long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture));

    private static AmountResult Major(ReadOnlySpan<char> digits, ReadOnlySpan<char> value, string currency, int exponent)
    {
        var mark = digits.IndexOfAny('.', ',');
        var whole = mark < 0 ? digits : digits[..mark];
        var fraction = mark < 0 ? [] : digits[(mark + 1)..];
        if (whole.Length > MaxDigits || !AllDigits(whole) || (mark >= 0 && !AllDigits(fraction)))
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

        var minorPart = fraction.IsEmpty ? 0 : long.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture) * CurrencyExponents.Pow10(exponent - fraction.Length);
        return AmountResult.Ok((long.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture) * CurrencyExponents.Pow10(exponent)) + minorPart);
    }

    private static bool AllDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');
}

/// <summary>Which signs an amount may have.</summary>
public enum AmountSign
{
    /// <summary>Refund amounts: above zero.</summary>
    Positive,

    /// <summary>Discounts: zero or more.</summary>
    NonNegative,

    /// <summary>Line prices and totals: a return-fee or discount line is negative.</summary>
    Any,
}
