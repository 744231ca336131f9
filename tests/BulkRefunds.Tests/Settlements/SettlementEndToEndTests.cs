using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using BulkRefunds.Host.Cli;
using BulkRefunds.Settlements;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Settlements;

/// <summary>
/// The loop closed over HTTP: a manifest refunded through the simulator, Klarna's payouts fetched by the real client,
/// matched and reported — with one refund Klarna withheld and one return on our order that nobody here made.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SettlementEndToEndTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Run_OneRefundWithheldAndOneForeignReturn_ReportNamesExactlyThoseTwoAndRerunGivesTheSameBytes()
    {
        await using var harness = await SettlementHarness.StartAsync(postgres, "settle_end_to_end");
        var (withheld, foreignOrder) = (harness.Row(1), harness.Row(0));
        await PostAsync(harness.Simulator, "_sim/settlements/withhold", new { refund_id = withheld.RefundId });
        await PostAsync(harness.Simulator, "_sim/settlements/transactions",
            new { order_id = foreignOrder.OrderId, amount = 500, currency = "EUR", refund_id = "portal-refund-1" });
        var clock = harness.RefundedAt.AddMinutes(1);

        var first = await harness.Run(clock, overdueAfterDays: 0).RunAsync(["default"], null, null, default);
        var firstBytes = await File.ReadAllBytesAsync(first.ReportPath);
        var second = await harness.Run(clock, overdueAfterDays: 0).RunAsync(["default"], null, null, default);

        // Payouts EUR (two refunds and the foreign return) and GBP; the SEK refund is withheld, so no SEK payout.
        Assert.Equal((2, 2, 4L), (first.Ingests[0].PayoutsListed, first.Ingests[0].PayoutsStored, first.Ingests[0].TransactionsStored));
        Assert.Equal(ExitCodes.RowsNeedAttention, ExitCodes.ForSettlements(first.Summary));
        var report = ReportFile.Read(first.ReportPath);
        Assert.Equal([("overdue", withheld.RefundId), ("unexpected_return", "portal-refund-1")],
            report.Where(line => line["settlement_status"] != "settled").Select(line => (line["settlement_status"], line["refund_id"])));
        Assert.Equal(2, first.Summary.DiscrepancyCount);
        foreach (var row in harness.Rows.Where(row => row != withheld))
        {
            var line = Assert.Single(report, line => line["refund_id"] == row.RefundId);
            Assert.Equal(("settled", PaymentReference(row), PayoutDate(row), row.AmountMinor.ToString(CultureInfo.InvariantCulture)),
                (line["settlement_status"], line["payment_reference"], line["payout_date"], line["settled_amount_minor"]));
        }

        var foreign = Assert.Single(report, line => line["refund_id"] == "portal-refund-1");
        Assert.Equal((foreignOrder.OrderId, "", PaymentReference(foreignOrder), "500"),
            (foreign["order_id"], foreign["manifest_id"], foreign["payment_reference"], foreign["settled_amount_minor"]));
        var manifestReport = await harness.ManifestReportAsync();
        Assert.Equal(report.Where(line => line["manifest_id"] != "").Select(line => (line["refund_id"], line["settlement_status"] == "overdue" ? "not_yet_settled" : line["settlement_status"], line["payment_reference"], line["payout_date"])).Order(),
            manifestReport.Select(line => (line["refund_id"], line["settlement_status"], line["payment_reference"], line["payout_date"])).Order());

        Assert.Equal((2, 0, 0L, 0L), (second.Ingests[0].PayoutsListed, second.Ingests[0].PayoutsStored, second.Ingests[0].TransactionsRead, second.Ingests[0].TransactionsStored));
        Assert.Equal(firstBytes, await File.ReadAllBytesAsync(second.ReportPath));
    }

    // With no payout delay the simulator pays a refund out in its currency's payout of the day it was applied.
    private static string PaymentReference(RefundRow row) => string.Create(CultureInfo.InvariantCulture, $"SIM{row.CompletedAt.UtcDateTime:yyyyMMdd}{row.Currency}");

    private static string PayoutDate(RefundRow row) => string.Create(CultureInfo.InvariantCulture, $"{row.CompletedAt.UtcDateTime:yyyy-MM-dd}T00:00:00.000Z");

    internal static async Task PostAsync(Simulator simulator, string path, object body)
    {
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        using var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.NoContent, $"{path} answered {(int)response.StatusCode}.");
    }
}
