using System.Globalization;
using BulkRefunds.Settlements;
using BulkRefunds.Tests.Infrastructure;
using KlarnaSettlementTransaction = BulkRefunds.Klarna.KlarnaSettlementTransaction;

namespace BulkRefunds.Tests.Settlements;

/// <summary>The settlement report: idempotent ingest, overdue by the clock, returns nobody of ours made, totals per currency.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SettlementReportTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Ingest_SameBatchesTwice_ChangesNothing()
    {
        await using var harness = await SettlementHarness.StartAsync(postgres, "settle_idempotent");
        var payout = SettlementHarness.Payout("PAY-1", harness.RefundedAt.AddHours(1), "EUR");
        var fee = new KlarnaSettlementTransaction("FEE", "PURCHASE_FEE_FIXED", 25, "EUR", harness.Row(0).OrderId, null, null, null, harness.RefundedAt, harness.RefundedAt, null);
        var lines = new[] { SettlementHarness.Return(harness.Row(0)), fee, fee };
        var clock = harness.RefundedAt.AddDays(1);
        var firstWritten = await harness.IngestAsync(payout, lines);
        await harness.MatchAsync();
        var firstPath = (await harness.ReportAsync(clock)).Path;
        var first = await File.ReadAllBytesAsync(firstPath);

        var secondWritten = await harness.IngestAsync(payout, lines);
        var rematch = await harness.MatchAsync();

        Assert.Equal((3, 0), (firstWritten, secondWritten)); // two identical fee lines are two lines, once
        Assert.Equal(new MatchResult(0, 0, 0), rematch);
        Assert.Equal((1L, 3L, 1L), (await harness.CountAsync("settlement_payout"), await harness.CountAsync("settlement_transaction"), await harness.CountAsync("settlement_match")));
        var secondPath = (await harness.ReportAsync(clock)).Path;
        Assert.NotEqual(firstPath, secondPath); // the same clock, to the millisecond: the first run's file is kept
        Assert.Equal(first, await File.ReadAllBytesAsync(firstPath));
        Assert.Equal(first, await File.ReadAllBytesAsync(secondPath));
    }

    [Theory]
    [InlineData("14", "13.9", "not_yet_settled")]
    [InlineData("14", "14.1", "overdue")]
    [InlineData("0.5", "0.4", "not_yet_settled")]
    [InlineData("0.5", "0.6", "overdue")]
    [InlineData("0", "0", "overdue")]
    public async Task Report_UnsettledRefund_OverdueOnlyPastOverdueAfterDays(string overdueAfterDays, string daysLater, string expected)
    {
        await using var harness = await SettlementHarness.StartAsync(postgres, "settle_overdue");
        var clock = harness.RefundedAt + TimeSpan.FromTicks((long)(decimal.Parse(daysLater, CultureInfo.InvariantCulture) * TimeSpan.TicksPerDay));

        var (path, summary) = await harness.ReportAsync(clock, decimal.Parse(overdueAfterDays, CultureInfo.InvariantCulture));

        Assert.Equal(new Dictionary<string, int> { [expected] = 4 }, summary.LinesByStatus);
        Assert.All(ReportFile.Read(path), line => Assert.Equal(expected, line["settlement_status"]));
        Assert.Equal(expected == "overdue" ? 2 : 0, Host.Cli.ExitCodes.ForSettlements(summary));
    }

    [Fact]
    public async Task Report_ReturnsMatchingNoRow_UnexpectedOrKlarnaOriginatedAndOtherOrdersLeftOut()
    {
        await using var harness = await SettlementHarness.StartAsync(postgres, "settle_unexpected");
        var row = harness.Row(0);
        await harness.IngestAsync(SettlementHarness.Payout("PAY-U", harness.RefundedAt.AddHours(1), "EUR"),
            SettlementHarness.Return(row),
            // The same return refunded a second time (another refund id, our reference): ours to explain.
            SettlementHarness.Return(row, refundId: "second-refund"),
            SettlementHarness.Return(row, amount: 1000, refundId: "portal-refund", reference: null),
            SettlementHarness.Return(row, amount: 700, refundId: "klarna-default", reference: null, detailedType: "PAYMENT_DEFAULT"),
            SettlementHarness.Return(row, amount: 300, refundId: "dispute", reference: null, type: "REVERSAL", detailedType: "REVERSAL"),
            SettlementHarness.Return(row, amount: 400, refundId: "elsewhere", reference: null, orderId: "not-an-order-of-ours"));

        await harness.MatchAsync();

        var (path, summary) = await harness.ReportAsync(harness.RefundedAt.AddDays(1));
        var unmatched = ReportFile.Read(path).Where(line => line["manifest_id"] == "").ToList();
        Assert.Equal([("unexpected_return", "9500"), ("unexpected_return", "1000"), ("klarna_originated", "700"), ("klarna_originated", "300")],
            unmatched.Select(line => (line["settlement_status"], line["settled_amount_minor"]))
                .OrderByDescending(pair => pair.Item1, StringComparer.Ordinal).ThenByDescending(pair => long.Parse(pair.Item2, CultureInfo.InvariantCulture)));
        Assert.All(unmatched, line => Assert.Equal(("", row.OrderId, "PAY-U"), (line["amount_minor"], line["order_id"], line["payment_reference"])));
        Assert.Contains("second refund", unmatched.Single(line => line["refund_id"] == "second-refund")["note"], StringComparison.Ordinal);
        Assert.Equal("RETURN PAYMENT_DEFAULT registered by Klarna", unmatched.Single(line => line["refund_id"] == "klarna-default")["note"]);
        Assert.Equal(2, summary.DiscrepancyCount);
        Assert.Equal(2, Host.Cli.ExitCodes.ForSettlements(summary));
    }

    [Fact]
    public async Task Report_TwoCurrencies_SummaryTotalsPerCurrencyNeverAcross()
    {
        await using var harness = await SettlementHarness.StartAsync(postgres, "settle_currencies");
        await harness.IngestAsync(SettlementHarness.Payout("PAY-EUR", harness.RefundedAt.AddHours(1), "EUR"),
            SettlementHarness.Return(harness.Row(0)), SettlementHarness.Return(harness.Row(3), amount: -1299));
        await harness.IngestAsync(SettlementHarness.Payout("PAY-SEK", harness.RefundedAt.AddHours(1), "SEK"), SettlementHarness.Return(harness.Row(1)));
        await harness.MatchAsync();

        var (path, summary) = await harness.ReportAsync(harness.RefundedAt.AddDays(1));

        Assert.Equal([new SettlementCurrencyTotals("EUR", 10799, 10799, 0), new SettlementCurrencyTotals("GBP", 2000, 0, 0), new SettlementCurrencyTotals("SEK", 124950, 124950, 0)],
            summary.Currencies);
        Assert.Equal(new Dictionary<string, int> { ["not_yet_settled"] = 1, ["settled"] = 3 }, summary.LinesByStatus);
        Assert.Equal(0, Host.Cli.ExitCodes.ForSettlements(summary));
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("account,order_id,refund_id,manifest_id,line_number,currency,amount_minor,settlement_status,payment_reference,payout_date,settled_amount_minor,note\r\n", System.Text.Encoding.UTF8.GetString(bytes[3..]), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.ChangeExtension(path, ".summary.json")));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
    }
}
