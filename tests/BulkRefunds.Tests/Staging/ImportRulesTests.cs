using BulkRefunds.Host;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Reports;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Staging;

/// <summary>Order-line groups, the return-fee shorthand and duplicate detection, through import, dispatch and the ledger.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ImportRulesTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Import_RowsWithLinesForOneOrderAndReference_AreSentAsOneRefundWithThoseLines()
    {
        await using var simulator = await Simulator.StartAsync();
        await simulator.AddOrderAsync("b0000000-0000-4000-8000-000000000001", "EUR", "DE", captured: 10000);
        using var folder = new TempFolder();
        var manifest = folder.File("lines.csv", """
            order_id,currency,reference,line_name,line_reference,line_quantity,line_unit_price
            b0000000-0000-4000-8000-000000000001,EUR,RMA-1,Shoes,SKU-1,1,40.00
            b0000000-0000-4000-8000-000000000001,EUR,RMA-1,Socks,SKU-2,2,5.00
            b0000000-0000-4000-8000-000000000001,EUR,RMA-2,Cap,SKU-3,1,7.50
            """);
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("lines"), simulator, folder.Path);

        var report = await ImportAndRunAsync(app, manifest);

        var ledger = await simulator.LedgerAsync();
        Assert.Equal([5000L, 750L], ledger.Select(entry => entry.RefundedAmount).Order().Reverse());
        var order = simulator.Server.State.FindOrder("b0000000-0000-4000-8000-000000000001")!;
        var shoes = Assert.Single(order.Refunds, refund => refund.RefundedAmount == 5000);
        Assert.Equal(["SKU-1", "SKU-2"], shoes.OrderLines.Select(line => line.Reference));
        Assert.Equal([("2", "2"), ("3", "2"), ("4", "4")], report.Select(line => (line["line_number"], line["group_line"])));
        Assert.All(report, line => Assert.Equal("succeeded", line["status"]));
        Assert.Equal(report[0]["refund_id"], report[1]["refund_id"]);
        Assert.Equal(["5000", "1000", "750"], report.Select(line => line["amount_minor"]));
    }

    [Fact]
    public async Task Import_LinesThatDoNotSumToTheAmount_MakeTheWholeRefundInvalid()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var manifest = folder.File("mismatch.csv", """
            order_id,currency,amount,reference,line_name,line_quantity,line_unit_price
            7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,50.00,RMA-1,Shoes,1,40.00
            7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,,RMA-1,Socks,1,5.00
            """);
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("mismatch"), simulator, folder.Path);

        var report = await ImportAndRunAsync(app, manifest);

        Assert.Empty(await simulator.LedgerAsync());
        Assert.All(report, line => Assert.Equal("invalid", line["status"]));
        Assert.Contains("the order lines sum to 4500 minor units but the amount is 5000", report[0]["error_message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ReturnFeeShorthand_RefundsTheNetWithAReturnFeeLine()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var manifest = folder.File("fee.csv", "order_id,currency,amount,return_fee,reference,description\n7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,95.00,4.95,RMA-1,Running shoes\n");
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("fee"), simulator, folder.Path);

        var report = await ImportAndRunAsync(app, manifest);

        Assert.Equal(9005, Assert.Single(await simulator.LedgerAsync()).RefundedAmount);
        var refund = Assert.Single(simulator.Server.State.FindOrder("7719051f-0b8c-5afc-a864-0c56fe04ef32")!.Refunds);
        Assert.Equal([("physical", 9500L), ("return_fee", -495L)], refund.OrderLines.Select(line => (line.Type!, line.TotalAmount ?? 0)));
        Assert.Equal(("succeeded", "9005", "90.05", "4.95"), (report[0]["status"], report[0]["amount_minor"], report[0]["amount"], report[0]["return_fee"]));
    }

    [Fact]
    public async Task Import_SameReturnInTwoFilesAndTwiceInOne_IsSentOnce()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var monday = folder.File("monday.csv", "order_id,currency,amount,reference\n7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,10.00,RMA-1\n");
        var tuesday = folder.File("tuesday.csv", """
            order_id,currency,amount,reference
            5b43446e-cdf6-52b9-a460-879083dc8b99,EUR,1.00,RMA-2
            7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,10.00,RMA-1
            5b43446e-cdf6-52b9-a460-879083dc8b99,EUR,1.00,RMA-2
            5b43446e-cdf6-52b9-a460-879083dc8b99,EUR,1.00,
            5b43446e-cdf6-52b9-a460-879083dc8b99,EUR,1.00,
            """);
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("dupes"), simulator, folder.Path);

        await ImportAndRunAsync(app, monday);
        var report = await ImportAndRunAsync(app, tuesday);

        Assert.Equal(["succeeded", "duplicate", "duplicate", "succeeded", "succeeded"], report.Select(line => line["status"]));
        Assert.StartsWith("not sent: repeats line 2 of monday.csv (manifest ", report[1]["error_message"], StringComparison.Ordinal);
        Assert.Equal("not sent: repeats line 2 of this file", report[2]["error_message"]);
        Assert.All(report.Skip(3), line => Assert.Contains("not protected", line["note"], StringComparison.Ordinal));
        var ledger = await simulator.LedgerAsync();
        Assert.Equal(4, ledger.Count);
        Assert.Single(ledger, entry => entry.OrderId == "7719051f-0b8c-5afc-a864-0c56fe04ef32");
        await ManifestCounters.AssertMatchRowsAsync(app.Services.GetRequiredService<Npgsql.NpgsqlDataSource>());
    }

    [Fact]
    public async Task Import_ReleaseForALaterDayThatRepeatsASentRelease_IsADuplicateNotScheduled()
    {
        await using var simulator = await Simulator.StartAsync();
        await simulator.AddOrderAsync("b0000000-0000-4000-8000-000000000002", "EUR", "DE", captured: 4000, orderAmount: 10000);
        await simulator.AddOrderAsync("b0000000-0000-4000-8000-000000000003", "EUR", "DE", captured: 4000, orderAmount: 10000);
        using var folder = new TempFolder();
        var now = folder.File("now.csv", "action,order_id\nrelease,b0000000-0000-4000-8000-000000000002\n");
        var later = folder.File("later.csv", """
            action,order_id,not_before
            release,b0000000-0000-4000-8000-000000000002,2099-12-24
            release,b0000000-0000-4000-8000-000000000003,2099-12-24
            """);
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("scheduled_dupes"), simulator, folder.Path);
        await ImportAndRunAsync(app, now);

        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(later, "test", CancellationToken.None);

        // The counts the import reports are the rows' states in the database.
        var stored = await app.Services.GetRequiredService<ManifestStore>().CountByStateAsync(import.Manifest.ManifestId, CancellationToken.None);
        Assert.Equal(stored.OrderBy(pair => pair.Key), import.RowsByState.OrderBy(pair => pair.Key));
        Assert.Equal(new Dictionary<RowState, int> { [RowState.Duplicate] = 1, [RowState.Scheduled] = 1 }, import.RowsByState);
        Assert.Single(await simulator.LedgerAsync());
    }

    private static async Task<List<Dictionary<string, string>>> ImportAndRunAsync(AppHost app, string path)
    {
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(path, "test", CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(import.Manifest.ManifestId, null, timeout.Token);
        return ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(import.Manifest.ManifestId, null, timeout.Token));
    }
}
