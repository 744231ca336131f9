using BulkRefunds.Host;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.EndToEnd;

/// <summary>The whole path on real parts: CSV → PostgreSQL staging → Hangfire dispatch → simulator → report.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RunManifestTests(PostgresFixture postgres)
{
    // The shipped sample manifest: order id → amount in minor units, as finance wrote it in major units.
    private static readonly Dictionary<string, long> SampleAmounts = new()
    {
        ["7719051f-0b8c-5afc-a864-0c56fe04ef32"] = 9500,
        ["1d3491c3-2408-5f51-9f6c-8562933ee292"] = 124950,
        ["012ebbc5-8abe-5ae8-ad93-d5c5ea6e471c"] = 2000,
        ["5b43446e-cdf6-52b9-a460-879083dc8b99"] = 1299,
        ["cddb995a-96e7-52a9-a15c-46e848938e0d"] = 49900,
        ["4f60b5ea-6550-5139-b11b-5bf79d666105"] = 35025,
        ["d8609636-486e-58fd-b7e9-6d6912b1fa90"] = 14990,
        ["1ab7bbe6-3854-5c0a-b6bc-c24de97bc5cc"] = 5999,
        ["88789163-0707-5ad9-b9ff-680e538a676c"] = 20000,
        ["776d0432-eb7a-57bb-b74f-34a5e1d635a8"] = 8900,
    };

    [Fact]
    public async Task Run_SampleManifest_RefundsEveryRowExactlyOnceWithItsStoredKey()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("sample"), simulator, folder.Path);

        var import = await ImportAsync(app, SamplePath());
        await RunAsync(app, import.Manifest.ManifestId);
        var (reportPath, summary) = await app.Services.GetRequiredService<ReportService>().WriteWithSummaryAsync(import.Manifest.ManifestId, null, default);

        var ledger = await simulator.LedgerAsync();
        Assert.Equal(SampleAmounts.Count, ledger.Count);
        Assert.All(ledger, entry => Assert.Equal(SampleAmounts[entry.OrderId], entry.RefundedAmount));
        Assert.Equal(SampleAmounts.Keys.Order(), ledger.Select(entry => entry.OrderId).Order());
        var report = ReportFile.Read(reportPath);
        Assert.Equal(SampleAmounts.Count, report.Count);
        foreach (var line in report)
        {
            var entry = Assert.Single(ledger, entry => entry.OrderId == line["order_id"]);
            Assert.Equal("succeeded", line["status"]);
            Assert.Equal(entry.RefundId, line["refund_id"]);
            Assert.Equal(entry.IdempotencyKey, line["idempotency_key"]);
            Assert.Equal(IdempotencyKeys.ForRow(import.Manifest.Sha256, int.Parse(line["line_number"], System.Globalization.CultureInfo.InvariantCulture)).ToString(), entry.IdempotencyKey);
            Assert.Equal(SampleAmounts[entry.OrderId].ToString(System.Globalization.CultureInfo.InvariantCulture), line["amount_minor"]);
            Assert.Equal("201", line["http_status"]);
            Assert.False(string.IsNullOrEmpty(line["correlation_id"]));
            Assert.Contains(line["reference"], entry.Reference, StringComparison.Ordinal);
        }

        Assert.Equal(new Dictionary<string, int> { ["succeeded"] = 10 }, summary.RowsByStatus);
        Assert.Equal("257.89", Assert.Single(summary.Currencies, currency => currency.Currency == "EUR").Refunded);
    }

    [Fact]
    public async Task Run_SameFileTwice_SecondRunRecognisesItAndSendsNothing()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("twice"), simulator, folder.Path);
        var first = await ImportAsync(app, SamplePath());
        await RunAsync(app, first.Manifest.ManifestId);
        var copy = Path.Combine(folder.Path, "renamed-copy.csv");
        File.Copy(SamplePath(), copy);

        var second = await ImportAsync(app, copy);
        await RunAsync(app, second.Manifest.ManifestId);

        Assert.True(second.AlreadyImported);
        Assert.Equal(first.Manifest.ManifestId, second.Manifest.ManifestId);
        Assert.Equal(SampleAmounts.Count, (await simulator.LedgerAsync()).Count);
    }

    [Fact]
    public async Task Run_BadRowsAndRefusedRows_ReportsEveryRowAndPreflightStopsWhatKlarnaWouldRefuse()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("mixed"), simulator, folder.Path);

        var report = await RunMixedManifestAsync(app, simulator, folder);

        Assert.Equal(5000, Assert.Single(await simulator.LedgerAsync()).RefundedAmount);
        Assert.Equal(["succeeded", "invalid", "failed", "failed", "failed"], report.Select(line => line["status"]));
        Assert.Contains("3 decimals but EUR has 2", report[1]["error_message"], StringComparison.Ordinal);
        Assert.Equal(("404", "NO_SUCH_ORDER", "0"), (report[2]["http_status"], report[2]["error_code"], report[2]["attempts"]));
        Assert.Equal(("PREFLIGHT_OVER_REFUND", "0"), (report[3]["error_code"], report[3]["attempts"]));
        Assert.Contains("more than the 1000 left to refund", report[3]["error_message"], StringComparison.Ordinal);
        Assert.Equal("PREFLIGHT_CURRENCY_MISMATCH", report[4]["error_code"]);
        Assert.Contains("paid in EUR but the manifest says SEK", report[4]["error_message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithoutPreflight_RecordsKlarnasOwnRefusalsAfterOneAttempt()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("nopreflight"), simulator, folder.Path,
            new Dictionary<string, string?> { ["Dispatch:Preflight"] = "false" });

        var report = await RunMixedManifestAsync(app, simulator, folder);

        Assert.Equal(("404", "NO_SUCH_ORDER", "1"), (report[2]["http_status"], report[2]["error_code"], report[2]["attempts"]));
        Assert.Equal(("403", "REFUND_NOT_ALLOWED", "1"), (report[3]["http_status"], report[3]["error_code"], report[3]["attempts"]));
        Assert.Contains("Over refund", report[3]["error_message"], StringComparison.Ordinal);
        Assert.All(report.Skip(2), line => Assert.True(Guid.TryParse(line["correlation_id"], out _)));
    }

    private async Task<List<Dictionary<string, string>>> RunMixedManifestAsync(AppHost app, Simulator simulator, TempFolder folder)
    {
        await simulator.AddOrderAsync("a0000000-0000-4000-8000-000000000001", "EUR", "DE", captured: 5000);
        await simulator.AddOrderAsync("a0000000-0000-4000-8000-000000000002", "EUR", "DE", captured: 1000);
        await simulator.AddOrderAsync("a0000000-0000-4000-8000-000000000003", "EUR", "DE", captured: 1000);
        var manifest = folder.File("mixed.csv", """
            order_id,currency,amount,reference,description
            a0000000-0000-4000-8000-000000000001,EUR,50.00,RMA-1,whole order
            a0000000-0000-4000-8000-000000000001,EUR,12.345,RMA-2,three decimals
            a0000000-0000-4000-8000-0000000000ff,EUR,10.00,RMA-3,unknown order
            a0000000-0000-4000-8000-000000000002,EUR,10.01,RMA-4,more than captured
            a0000000-0000-4000-8000-000000000003,SEK,5.00,RMA-5,wrong currency
            """);
        var import = await ImportAsync(app, manifest);
        await RunAsync(app, import.Manifest.ManifestId);
        return ReportFile.Read(await app.Services.GetRequiredService<ReportService>().WriteAsync(import.Manifest.ManifestId, null, default));
    }

    internal static string SamplePath() => Path.Combine(AppContext.BaseDirectory, "samples", "nightly-returns.csv");

    private static Task<ImportResult> ImportAsync(AppHost app, string path) =>
        app.Services.GetRequiredService<ManifestImporter>().ImportAsync(path, "test", CancellationToken.None);

    private static async Task RunAsync(AppHost app, Guid manifestId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(manifestId, null, timeout.Token);
    }
}
