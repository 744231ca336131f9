using BulkRefunds.Manifests;

namespace BulkRefunds.Tests.Manifests;

public sealed class AmountParserTests
{
    [Theory]
    [InlineData("95.00", "EUR", 2, 9500)]
    [InlineData("95", "EUR", 2, 9500)]
    [InlineData("95,5", "EUR", 2, 9550)]
    [InlineData("149,90", "EUR", 2, 14990)]
    [InlineData("0.01", "SEK", 2, 1)]
    [InlineData(" 12.30 ", "GBP", 2, 1230)]
    [InlineData("1234", "JPY", 0, 1234)]
    [InlineData("1,234", "BHD", 3, 1234)]
    [InlineData("2000000.00", "EUR", 2, 200_000_000)]
    public void ParseMajor_PlainDecimal_GivesExactMinorUnits(string text, string currency, int exponent, long expected)
    {
        var result = AmountParser.ParseMajor(text, currency, exponent);

        Assert.Null(result.Error);
        Assert.Equal(expected, result.AmountMinor);
    }

    [Theory]
    [InlineData("1,234", "EUR", 2, "has 3 decimals but EUR has 2")]
    [InlineData("12.345", "EUR", 2, "has 3 decimals but EUR has 2")]
    [InlineData("1.5", "JPY", 0, "JPY has no minor unit")]
    [InlineData("1e3", "EUR", 2, "not a plain decimal")]
    [InlineData("-5", "EUR", 2, "not a plain decimal")]
    [InlineData("+5", "EUR", 2, "not a plain decimal")]
    [InlineData("1.234,56", "EUR", 2, "not a plain decimal")]
    [InlineData("1 234", "EUR", 2, "not a plain decimal")]
    [InlineData("0", "EUR", 2, "greater than zero")]
    [InlineData("0.00", "EUR", 2, "greater than zero")]
    [InlineData("2000000.01", "EUR", 2, "beyond Klarna's limit")]
    [InlineData("5.", "EUR", 2, "not a plain decimal")]
    [InlineData(".5", "EUR", 2, "not a plain decimal")]
    [InlineData("", "EUR", 2, "is empty")]
    [InlineData("99999999999999999999", "EUR", 2, "not a plain decimal")]
    public void ParseMajor_AmbiguousOrOutOfRange_IsRejectedNeverRounded(string text, string currency, int exponent, string reason)
    {
        var result = AmountParser.ParseMajor(text, currency, exponent);

        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.Equal(0, result.AmountMinor);
    }

    [Theory]
    [InlineData("9500", 9500)]
    [InlineData("1", 1)]
    [InlineData("200000000", 200_000_000)]
    public void ParseMinor_WholeNumber_IsTakenAsIs(string text, long expected) =>
        Assert.Equal(AmountResult.Ok(expected), AmountParser.ParseMinor(text));

    [Theory]
    [InlineData("95.00")]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("200000001")]
    [InlineData("1e3")]
    public void ParseMinor_NotAPositiveWholeNumberInRange_IsRejected(string text) =>
        Assert.NotNull(AmountParser.ParseMinor(text).Error);

    [Theory]
    [InlineData(9500, 2, "95.00")]
    [InlineData(5, 2, "0.05")]
    [InlineData(-500, 2, "-5.00")]
    [InlineData(1234, 0, "1234")]
    [InlineData(1234, 3, "1.234")]
    public void FormatMajor_MinorUnits_RoundTripsToDecimalText(long minor, int exponent, string expected) =>
        Assert.Equal(expected, CurrencyExponents.FormatMajor(minor, exponent));
}
