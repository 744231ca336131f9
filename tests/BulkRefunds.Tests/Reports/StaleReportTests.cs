using System.Text.Json;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BulkRefunds.Tests.Reports;

/// <summary>
/// A served report whose rows changed after it was written is rewritten by a job (RewriteStaleReportsJob), keeping the
/// summary's --verify findings; a fresh one is left alone; two writers at once leave one consistent file. The host is
/// built, not started: no Hangfire server runs the recurring sweep beside the test's own runs.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class StaleReportTests(PostgresFixture postgres)
{
    private static readonly DateTime LongAgo = new(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    private const string Csv = """
        order_id,currency,amount,reference
        7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,10.00,RMA-1
        5b43446e-cdf6-52b9-a460-879083dc8b99,SEK,1.50,RMA-2
        9e2f0c59-5a4b-4c1a-9d07-3c1a3b1f2e10,EUR,2.25,RMA-4

        """;

    [Fact]
    public async Task RewriteStaleReportsJob_FreshThenRowsChanged_LeavesTheFreshAloneAndRewritesTheStaleKeepingTheVerification()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.CreateWorkerAsync(await postgres.CreateDatabaseAsync("stale_report"), simulator, folder.Path);
        var manifestId = await ImportAsync(app, folder);
        var (path, verified) = await app.Services.GetRequiredService<ReportService>().WriteWithSummaryAsync(manifestId, null, default, verify: true);
        var summaryPath = Path.ChangeExtension(path, ".summary.json");
        File.SetLastWriteTimeUtc(path, LongAgo);
        File.SetLastWriteTimeUtc(summaryPath, LongAgo);
        var bytes = await File.ReadAllBytesAsync(path);
        var job = app.Services.GetRequiredService<RewriteStaleReportsJob>();
        var files = app.Services.GetRequiredService<ReportFileStore>();

        var staleWhenFresh = await files.StaleAsync(default);
        await job.RunAsync(default);
        var freshTimes = (File.GetLastWriteTimeUtc(path), File.GetLastWriteTimeUtc(summaryPath));
        await SucceedLineAsync(app, manifestId, 2);
        var staleAfterChange = await files.StaleAsync(default);
        await job.RunAsync(default);

        Assert.Empty(staleWhenFresh);
        Assert.Equal((LongAgo, LongAgo), freshTimes);
        Assert.Equal([manifestId], staleAfterChange);
        Assert.NotEqual(bytes, await File.ReadAllBytesAsync(path));
        Assert.Contains(",succeeded,", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.NotEqual(LongAgo, File.GetLastWriteTimeUtc(path));
        var verification = JsonDocument.Parse(await File.ReadAllBytesAsync(summaryPath)).RootElement.GetProperty("verification");
        Assert.Equal(verified.Verification!.VerifiedAt, verification.GetProperty("verified_at").GetString());
        Assert.NotNull(verified.Verification.VerifiedAt);
        Assert.Equal(0, verification.GetProperty("orders_checked").GetInt32());
        Assert.Empty(await files.StaleAsync(default));
    }

    [Fact]
    public async Task WriteIfStaleAsync_TwoAtOnce_WritesOnceAndLeavesOneConsistentFile()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.CreateWorkerAsync(await postgres.CreateDatabaseAsync("stale_report_twice"), simulator, folder.Path);
        var manifestId = await ImportAsync(app, folder);
        var reports = app.Services.GetRequiredService<ReportService>();
        var path = await reports.WriteAsync(manifestId, null, default);
        await SucceedLineAsync(app, manifestId, 3);

        var wrote = await Task.WhenAll(reports.WriteIfStaleAsync(manifestId, default), reports.WriteIfStaleAsync(manifestId, default));
        var elsewhere = await reports.WriteAsync(manifestId, Path.Combine(folder.Path, "elsewhere", "fresh.csv"), default);

        Assert.Equal(1, wrote.Count(written => written));
        Assert.Equal(await File.ReadAllBytesAsync(elsewhere), await File.ReadAllBytesAsync(path));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
        Assert.Empty(await app.Services.GetRequiredService<ReportFileStore>().StaleAsync(default));
    }

    private static async Task<Guid> ImportAsync(Host.AppHost app, TempFolder folder) =>
        (await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(folder.File("returns.csv", Csv), "alice",
            new ImportOptions(RequireApproval: true), default)).Manifest.ManifestId;

    // A row's state moved by hand: the counters follow every statement, so the report is stale whatever door moved it.
    private static async Task SucceedLineAsync(Host.AppHost app, Guid manifestId, int lineNumber)
    {
        await using var connection = await app.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync();
        await connection.ExecuteAsync("UPDATE bulkrefunds.manifest_row SET state = 'succeeded' WHERE manifest_id = @Id AND line_number = @Line",
            new { Id = manifestId, Line = lineNumber });
    }
}
