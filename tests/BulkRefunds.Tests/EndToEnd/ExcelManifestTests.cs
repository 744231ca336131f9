using BulkRefunds.Host;
using BulkRefunds.Klarna;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Tests.EndToEnd;

/// <summary>
/// A file as Excel writes it, run on real parts: a multi-line description cell reaches Klarna as one line, and with
/// <c>Reports:Delimiter=;</c> the report is one that Excel in a comma-decimal locale opens in columns.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ExcelManifestTests(PostgresFixture postgres)
{
    private const string ShoesOrder = "7719051f-0b8c-5afc-a864-0c56fe04ef32"; // seed: CAPTURED, 9500 EUR
    private const string JacketOrder = "1d3491c3-2408-5f51-9f6c-8562933ee292"; // seed: CAPTURED, 249900 SEK

    [Fact]
    public async Task Run_MultiLineDescriptionAndSemicolonDelimiter_SendsOneLineAndWritesASemicolonReport()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("excel"), simulator, folder.Path,
            new Dictionary<string, string?> { ["Reports:Delimiter"] = ";" });
        var manifest = folder.File("excel.csv",
            "order_id,currency,amount,reference,description\r\n" +
            $"{ShoesOrder},EUR,\"95,00\",RMA-1,\"Shoes, size 42\r\n\r\nReturned unworn\"\r\n" +
            $"{JacketOrder},SEK,1249.50,\"RMA-2;b\",\"Jacket\tstained\"\r\n");

        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(manifest, "test", CancellationToken.None);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(import.Manifest.ManifestId, null, timeout.Token);
        }

        var reportPath = await app.Services.GetRequiredService<ReportService>().WriteAsync(import.Manifest.ManifestId, null, default);

        var header = File.ReadLines(reportPath).First();
        Assert.Equal(string.Join(';', ReportWriter.Columns), header.TrimStart('\uFEFF'));
        var report = ReportFile.Read(reportPath, ';');
        Assert.Equal(
            [("2", "succeeded", "RMA-1", "9500", "95.00"), ("5", "succeeded", "RMA-2;b", "124950", "1249.50")],
            report.Select(line => (line["line_number"], line["status"], line["reference"], line["amount_minor"], line["amount"])));
        var klarna = app.Services.GetRequiredService<KlarnaAccounts>().Get(BulkRefunds.Manifests.ManifestReader.DefaultAccount);
        Assert.Equal("Shoes, size 42 Returned unworn", await SentDescriptionAsync(klarna, ShoesOrder, report[0]["refund_id"]));
        Assert.Equal("Jacket stained", await SentDescriptionAsync(klarna, JacketOrder, report[1]["refund_id"]));
        // The report shows the text as sent: one line, not the cell as Excel wrote it.
        Assert.Equal(["Shoes, size 42 Returned unworn", "Jacket stained"], report.Select(line => line["description"]));
    }

    [Fact]
    public async Task Start_DelimiterNeitherCommaNorSemicolon_IsRefusedNamingTheSetting()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("excel_bad"), simulator, folder.Path,
                new Dictionary<string, string?> { ["Reports:Delimiter"] = "|" });
        });

        Assert.Contains("Reports:Delimiter must be ',' (the default) or ';'", failure.Message, StringComparison.Ordinal);
    }

    // The description as the simulator recorded it from the request body.
    private static async Task<string?> SentDescriptionAsync(KlarnaClient klarna, string orderId, string refundId) =>
        Assert.IsType<KlarnaRefundFound>(await klarna.GetRefundAsync(orderId, refundId, CancellationToken.None)).Refund.Description;
}
