using BulkRefunds.Host;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BulkRefunds.Tests.Reports;

/// <summary>--verify compares what we recorded with Klarna's GET order, and the summary carries its findings.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReportVerifierTests(PostgresFixture postgres)
{
    [Fact]
    public async Task WriteWithSummaryAsync_Verify_CatchesARefundMissingAtKlarna()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("verifysim"), simulator, folder.Path);
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(EndToEnd.RunManifestTests.SamplePath(), "test", default);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(import.Manifest.ManifestId, null, timeout.Token);
        }

        // Planted at Klarna's side: the order loses its refund, as if Klarna had reversed it.
        const string orderId = "1d3491c3-2408-5f51-9f6c-8562933ee292";
        var order = simulator.Server.State.FindOrder(orderId)!;
        simulator.Server.State.UpsertOrder(order with { Refunds = [], RefundedAmount = 0 });

        var (_, summary) = await app.Services.GetRequiredService<ReportService>().WriteWithSummaryAsync(import.Manifest.ManifestId, null, default, verify: true);

        Assert.Equal(2, summary.Verification!.Mismatches.Count);
        Assert.All(summary.Verification.Mismatches, mismatch => Assert.Equal(orderId, mismatch.OrderId));
        Assert.Contains(summary.Verification.Mismatches, mismatch => mismatch.Problem.Contains("is not in Klarna's refunds", StringComparison.Ordinal));
        Assert.Contains(summary.Verification.Mismatches, mismatch => mismatch.Problem.Contains("refunded_amount 0 is less than the 124950", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteWithSummaryAsync_Verify_FindsNothingThenTheRefundWeRecordedWrongly()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var connectionString = await postgres.CreateDatabaseAsync("verify");
        await using var app = await TestApp.StartWorkerAsync(connectionString, simulator, folder.Path);
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(EndToEnd.RunManifestTests.SamplePath(), "test", default);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(import.Manifest.ManifestId, null, timeout.Token);
        }

        var reports = app.Services.GetRequiredService<ReportService>();
        var (_, clean) = await reports.WriteWithSummaryAsync(import.Manifest.ManifestId, null, default, verify: true);
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand("UPDATE bulkrefunds.manifest_row SET refund_id = 'not-at-klarna' WHERE line_number = 2", connection);
            await tamper.ExecuteNonQueryAsync();
        }

        var (path, tampered) = await reports.WriteWithSummaryAsync(import.Manifest.ManifestId, null, default, verify: true);

        Assert.Equal((10, 0), (clean.Verification!.OrdersChecked, clean.Verification.Mismatches.Count));
        var mismatch = Assert.Single(tampered.Verification!.Mismatches);
        Assert.Equal("7719051f-0b8c-5afc-a864-0c56fe04ef32", mismatch.OrderId);
        Assert.Contains("not-at-klarna", mismatch.Problem, StringComparison.Ordinal);
        Assert.Contains("not-at-klarna", await File.ReadAllTextAsync(Path.ChangeExtension(path, ".summary.json")), StringComparison.Ordinal);
        Assert.NotNull(tampered.Timings.FirstAttemptAt);
        Assert.NotNull(tampered.Timings.CompletedAt);
    }
}
