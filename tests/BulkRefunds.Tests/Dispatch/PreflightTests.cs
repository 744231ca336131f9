using BulkRefunds.Dispatch;
using BulkRefunds.Klarna;
using BulkRefunds.Staging;

namespace BulkRefunds.Tests.Dispatch;

public sealed class PreflightTests
{
    private static readonly string[] Countries = ["AT", "DE", "DK", "FI", "FR", "NL", "NO", "SE"];

    [Fact]
    public void Check_RefundThatFits_IsSent() =>
        Assert.Null(Preflight.Check(Refund(4000), Order(), pendingMinor: 0, Countries));

    [Theory]
    [InlineData(6000, 0, "PREFLIGHT_OVER_REFUND")]
    [InlineData(4000, 2000, "PREFLIGHT_OVER_REFUND")]
    public void Check_MoreThanIsLeft_CountingEarlierRowsOfTheBatch_IsRefused(long amount, long pending, string code) =>
        Assert.Equal(code, Preflight.Check(Refund(amount), Order(refunded: 5000), pending, Countries)?.ErrorCode);

    [Fact]
    public void Check_WrongCurrency_IsRefusedCaseInsensitively()
    {
        Assert.Equal("PREFLIGHT_CURRENCY_MISMATCH", Preflight.Check(Refund(100) with { Currency = "SEK" }, Order(), 0, Countries)?.ErrorCode);
        Assert.Null(Preflight.Check(Refund(100), Order() with { PurchaseCurrency = "eur" }, 0, Countries));
    }

    [Fact]
    public void Check_NoCaptures_IsRefused() =>
        Assert.Equal("PREFLIGHT_NO_CAPTURES", Preflight.Check(Refund(100), Order() with { CapturedAmount = 0, Captures = [] }, 0, Countries)?.ErrorCode);

    [Fact]
    public void Check_ReturnFee_NeedsOneFullCaptureInAnEligibleMarket()
    {
        var fee = Refund(9005) with { ReturnFeeMinor = 495 };
        var twoCaptures = Order() with { Captures = [Capture(2500), Capture(2500)] };

        Assert.Null(Preflight.Check(fee, Order(), 0, Countries));
        Assert.Equal("PREFLIGHT_RETURN_FEE_NOT_ALLOWED", Preflight.Check(fee, twoCaptures, 0, Countries)?.ErrorCode);
        Assert.Equal("PREFLIGHT_RETURN_FEE_NOT_ALLOWED", Preflight.Check(fee, Order() with { PurchaseCountry = "GB" }, 0, Countries)?.ErrorCode);
    }

    [Theory]
    [InlineData("PART_CAPTURED", 4000, null)]
    [InlineData("PART_CAPTURED", 0, "nothing is left to release")]
    [InlineData("CAPTURED", 0, "fully captured")]
    [InlineData("CANCELLED", 0, "cancelled")]
    [InlineData("EXPIRED", 0, "expired")]
    [InlineData("AUTHORIZED", 5000, "no captures")]
    public void Check_Release_OnlyForPartCapturedOrdersWithSomethingLeft(string status, long remaining, string? reason)
    {
        var verdict = Preflight.Check(Refund(0) with { Action = BulkRefunds.Manifests.ManifestAction.Release, AmountMinor = null }, Order() with { Status = status, RemainingAuthorizedAmount = remaining }, 0, Countries);

        if (reason is null)
        {
            Assert.Null(verdict);
        }
        else
        {
            Assert.Equal((RowState.NotReleasable, "NOT_RELEASABLE"), (verdict?.State, verdict?.ErrorCode));
            Assert.Contains(reason, verdict!.Message, StringComparison.Ordinal);
        }
    }

    private static KlarnaOrder Order(long refunded = 0) =>
        new("o-1", "CAPTURED", "EUR", "DE", 10000, 10000, refunded, 0, [Capture(10000)], []);

    private static KlarnaCapture Capture(long amount) => new("c", amount, 0, null, null);

    private static ClaimedRow Refund(long amount) => new(1, 2, "default", BulkRefunds.Manifests.ManifestAction.Refund, "o-1", "EUR", amount, "RMA", null, Guid.Empty,
        "{}", 0, null, null, null, FirstClaim: true);
}
