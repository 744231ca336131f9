using System.Net;
using static BulkRefunds.Tests.Klarna.SettlementsTestClients;

namespace BulkRefunds.Tests.Klarna;

/// <summary>The pagination loop's three stop rules and its tolerance, on shapes the simulator never produces.</summary>
public sealed class KlarnaSettlementsPaginationTests
{
    private const string Next = """ "next": "https://elsewhere.example/settlements/v1/transactions?offset=999&size=500" """;

    [Fact]
    public async Task GetTransactionsAsync_NoTotalAndNoNextOnSecondPage_StopsAfterIt()
    {
        var handler = new ScriptedHandler(
            (HttpStatusCode.OK, Page(Rows(0, 2), $""" "count": 2, "offset": 0, {Next} """)),
            (HttpStatusCode.OK, Page(Rows(2, 1), """ "count": 1, "offset": 2 """)));

        var rows = await AllAsync(Create(handler).GetTransactionsAsync("P1", CancellationToken.None));

        Assert.Equal(["o-0", "o-1", "o-2"], rows.Select(row => row.OrderId));
        Assert.Equal(2, handler.Requested.Count);
    }

    [Fact]
    public async Task GetTransactionsAsync_EmptyPageThatStillHasNext_Stops()
    {
        var handler = new ScriptedHandler(
            (HttpStatusCode.OK, Page(Rows(0, 2), $""" "count": 2, {Next} """)),
            (HttpStatusCode.OK, Page("", $""" "count": 0, {Next} """)));

        var rows = await AllAsync(Create(handler).GetTransactionsAsync("P1", CancellationToken.None));

        Assert.Equal(2, rows.Count);
        Assert.Equal(2, handler.Requested.Count);
    }

    [Fact]
    public async Task GetTransactionsAsync_OffsetPlusCountReachesTotalWhileNextIsSent_Stops()
    {
        var handler = new ScriptedHandler((HttpStatusCode.OK, Page(Rows(0, 3), $""" "count": 3, "total": 3, "offset": 0, {Next} """)));

        var rows = await AllAsync(Create(handler).GetTransactionsAsync("P1", CancellationToken.None));

        Assert.Equal(3, rows.Count);
        Assert.Single(handler.Requested);
    }

    [Fact]
    public async Task GetTransactionsAsync_NextNamesAnotherHost_AsksTheConfiguredHostAtTheNextOffset()
    {
        var handler = new ScriptedHandler(
            (HttpStatusCode.OK, Page(Rows(0, 2), $""" "count": 2, "total": 3, {Next} """)),
            (HttpStatusCode.OK, Page(Rows(2, 1), """ "count": 1, "total": 3 """)));

        await AllAsync(Create(handler).GetTransactionsAsync("P/1", CancellationToken.None));

        Assert.Equal(
            ["https://api.playground.klarna.com/settlements/v1/transactions?payment_reference=P%2F1&size=500&offset=0",
             "https://api.playground.klarna.com/settlements/v1/transactions?payment_reference=P%2F1&size=500&offset=2"],
            handler.Requested.Select(uri => uri.AbsoluteUri));
    }

    [Fact]
    public async Task GetTransactionsAsync_UnknownFieldsAndTypes_AreReadAndKept()
    {
        var row = """
            { "amount": -1500, "type": "LOYALTY_BONUS", "detailed_type": "SOMETHING_NEW", "order_id": "o-9", "refund_id": "",
              "capture_id": "", "currency_code": "EUR", "purchase_country": "DE", "consumer_vat": [ { "rate": 2500 } ],
              "capture_date": "2026-11-02T10:00:00Z", "brand_new_field": { "nested": true } }
            """;
        var handler = new ScriptedHandler((HttpStatusCode.OK, Page(row, """ "count": 1, "total": 1, "future": "x" """)));

        var rows = await AllAsync(Create(handler).GetTransactionsAsync("P1", CancellationToken.None));

        var only = Assert.Single(rows);
        Assert.Equal(("LOYALTY_BONUS", "SOMETHING_NEW", -1500L, null as string), (only.Type, only.DetailedType, only.Amount, only.RefundId));
    }

    [Fact]
    public async Task GetPayoutsAsync_TotalsWithMissingFields_ReadAsZero()
    {
        var payouts = """
            { "payouts": [ { "payment_reference": "XISA93DJ", "payout_date": "2026-11-02T07:52:26Z", "currency_code": "USD",
                             "merchant_settlement_type": "GROSS_FEE", "merchant_id": "K1", "totals": { "return_amount": 550, "new_total": 1 } } ],
              "pagination": { "count": 1 } }
            """;
        var handler = new ScriptedHandler((HttpStatusCode.OK, payouts));

        var rows = await AllAsync(Create(handler).GetPayoutsAsync(
            new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero), CancellationToken.None));

        var payout = Assert.Single(rows);
        Assert.Equal((550L, 0L, 0L), (payout.Totals.ReturnAmount, payout.Totals.SaleAmount, payout.Totals.SettlementAmount));
        Assert.Equal("/settlements/v1/payouts?start_date=2026-11-01T00%3A00%3A00Z&end_date=2026-11-30T23%3A59%3A59Z&size=500&offset=0",
            handler.Requested.Single().PathAndQuery);
    }

    private static string Page(string rows, string pagination) => $$"""{ "transactions": [ {{rows}} ], "pagination": { {{pagination}} } }""";

    private static string Rows(int from, int count) => string.Join(",", Enumerable.Range(from, count).Select(index =>
        $$"""{ "amount": 100, "type": "RETURN", "detailed_type": "PURCHASE_RETURN", "order_id": "o-{{index}}", "currency_code": "EUR" }"""));
}
