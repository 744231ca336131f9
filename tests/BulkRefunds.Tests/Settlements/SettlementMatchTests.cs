using BulkRefunds.Reports;
using BulkRefunds.Settlements;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Settlements;

/// <summary>Klarna's RETURNs matched to the refunds we made, by refund id and by the fallback, and what the reports say.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SettlementMatchTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Match_ReturnsCarryOurRefundIds_RowsSettledWithTheirPayout()
    {
        await using var harness = await SettlementHarness.StartAsync(postgres, "settle_refund_id");
        var payoutDate = harness.RefundedAt.AddHours(1);
        await harness.IngestAsync(SettlementHarness.Payout("PAY-EUR-1", payoutDate, "EUR"),
            SettlementHarness.Return(harness.Row(0)), SettlementHarness.Return(harness.Row(3)));

        var match = await harness.MatchAsync();

        Assert.Equal(new MatchResult(2, 0, 2), match);
        var report = ReportFile.Read((await harness.ReportAsync(harness.RefundedAt.AddDays(1))).Path);
        Assert.Equal(["settled", "not_yet_settled", "not_yet_settled", "settled"],
            report.OrderBy(line => int.Parse(line["line_number"], System.Globalization.CultureInfo.InvariantCulture)).Select(line => line["settlement_status"]));
        var settled = Assert.Single(report, line => line["order_id"] == harness.Row(0).OrderId);
        Assert.Equal(("PAY-EUR-1", "9500", "9500", harness.Row(0).RefundId, harness.ManifestId.ToString("D"), "2"),
            (settled["payment_reference"], settled["amount_minor"], settled["settled_amount_minor"], settled["refund_id"], settled["manifest_id"], settled["line_number"]));
        Assert.Equal(payoutDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), settled["payout_date"][..19]);
    }

    [Fact]
    public async Task Match_NoRefundIdButOrderAmountAndReference_SettledByTheFallbackWhateverTheSign()
    {
        await using var harness = await SettlementHarness.StartAsync(postgres, "settle_fallback");
        await harness.IngestAsync(SettlementHarness.Payout("PAY-EUR-2", harness.RefundedAt.AddHours(1), "EUR"),
            SettlementHarness.Return(harness.Row(0), amount: -9500, refundId: null),
            // Klarna's refund id is not OM's (§8 Q2): the reference still ties it to our row.
            SettlementHarness.Return(harness.Row(3), refundId: "not-the-om-refund-id"));
        await harness.IngestAsync(SettlementHarness.Payout("PAY-SEK-2", harness.RefundedAt.AddHours(1), "SEK"),
            // The manifest's own reference, without our row tag, is accepted too.
            SettlementHarness.Return(harness.Row(1), refundId: null, reference: "RMA-1002"));

        var match = await harness.MatchAsync();

        Assert.Equal(new MatchResult(0, 3, 3), match);
        var (path, summary) = await harness.ReportAsync(harness.RefundedAt.AddDays(1));
        Assert.Equal(new Dictionary<string, int> { ["not_yet_settled"] = 1, ["settled"] = 3 }, summary.LinesByStatus);
        Assert.All(ReportFile.Read(path).Where(line => line["settlement_status"] == "settled"),
            line => Assert.Equal(line["amount_minor"], line["settled_amount_minor"]));
    }

    [Fact]
    public async Task Match_ReturnsAddUpToAnotherAmount_AmountDiffersAndExitsTwo()
    {
        await using var harness = await SettlementHarness.StartAsync(postgres, "settle_differs");
        await harness.IngestAsync(SettlementHarness.Payout("PAY-EUR-3", harness.RefundedAt.AddHours(1), "EUR"),
            SettlementHarness.Return(harness.Row(0), amount: 9000));

        await harness.MatchAsync();

        var (path, summary) = await harness.ReportAsync(harness.RefundedAt.AddDays(1));
        var line = Assert.Single(ReportFile.Read(path), line => line["settlement_status"] == "amount_differs");
        Assert.Equal(("9500", "9000"), (line["amount_minor"], line["settled_amount_minor"]));
        Assert.Contains("Klarna settled 9000", line["note"], StringComparison.Ordinal);
        Assert.True(summary.NeedsAttention);
        Assert.Equal(2, Host.Cli.ExitCodes.ForSettlements(summary));
    }

    [Fact]
    public async Task Match_OneRefundSplitOverTwoPayouts_SettledWhenTheyAddUp()
    {
        await using var harness = await SettlementHarness.StartAsync(postgres, "settle_split");
        await harness.IngestAsync(SettlementHarness.Payout("PAY-A", harness.RefundedAt.AddHours(1), "EUR"), SettlementHarness.Return(harness.Row(0), amount: 5000));
        await harness.MatchAsync();
        await harness.IngestAsync(SettlementHarness.Payout("PAY-B", harness.RefundedAt.AddHours(2), "EUR"), SettlementHarness.Return(harness.Row(0), amount: 4500));

        await harness.MatchAsync();

        var line = Assert.Single(ReportFile.Read((await harness.ReportAsync(harness.RefundedAt.AddDays(1))).Path), line => line["order_id"] == harness.Row(0).OrderId);
        Assert.Equal(("settled", "PAY-B", "9500", "settled by 2 returns"), (line["settlement_status"], line["payment_reference"], line["settled_amount_minor"], line["note"]));
    }

    [Fact]
    public async Task ManifestReport_AfterMatching_EndsWithTheSettlementColumns()
    {
        await using var harness = await SettlementHarness.StartAsync(postgres, "settle_manifest_report");
        var before = await harness.ManifestReportAsync();
        await harness.IngestAsync(SettlementHarness.Payout("PAY-EUR-4", harness.RefundedAt.AddHours(1), "EUR"), SettlementHarness.Return(harness.Row(0)));

        await harness.MatchAsync();

        Assert.All(before, line => Assert.Equal("", line["settlement_status"])); // settlements not in use yet: empty, not "not yet"
        var after = await harness.ManifestReportAsync();
        Assert.Equal(["settlement_status", "payment_reference", "payout_date"], after[0].Keys.TakeLast(3));
        Assert.Equal(("settled", "PAY-EUR-4"), (after[0]["settlement_status"], after[0]["payment_reference"]));
        Assert.Equal(["not_yet_settled", "not_yet_settled", "not_yet_settled"], after.Skip(1).Select(line => line["settlement_status"]));
        Assert.Equal("", after[1]["payment_reference"]);
        var overview = await harness.App.Services.GetRequiredService<ManifestOverviewStore>().FindAsync(harness.ManifestId, default);
        Assert.Equal("settled 1 of 4", overview!.SettlementProgress);
    }
}
