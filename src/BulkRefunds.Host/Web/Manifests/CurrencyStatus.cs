using BulkRefunds.Manifests;
using BulkRefunds.Reports;

namespace BulkRefunds.Host.Web.Manifests;

/// <summary>
/// The money of one currency: minor units as stored, and the same as decimal strings in major units ("95.00"), never a
/// floating-point number. The strings are null for a currency whose exponent we do not know.
/// </summary>
public sealed record CurrencyStatus(string Currency, long RequestedMinor, long RefundedMinor, string? Requested, string? Refunded)
{
    public static CurrencyStatus From(CurrencyAmounts amounts) => CurrencyExponents.Find(amounts.Currency) is { } exponent
        ? new(amounts.Currency, amounts.RequestedMinor, amounts.RefundedMinor,
            CurrencyExponents.FormatMajor(amounts.RequestedMinor, exponent), CurrencyExponents.FormatMajor(amounts.RefundedMinor, exponent))
        : new(amounts.Currency, amounts.RequestedMinor, amounts.RefundedMinor, null, null);
}
