using BulkRefunds.Host;
using BulkRefunds.Klarna;
using BulkRefunds.Releases;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BulkRefunds.Tests.Releases;

/// <summary>Releases with a not_before day wait for the scheduled sweep, which releases each exactly once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReleaseSweepTests(PostgresFixture postgres)
{
    private const string PartCaptured = "0b0b0b0b-0000-4000-8000-000000000001";   // seed: 6000 of 10000 captured
    private const string FullyCaptured = "7719051f-0b8c-5afc-a864-0c56fe04ef32";

    [Fact]
    public async Task RunAsync_TwoOverlappingSweepsOnTheDay_ReleaseOnceAndMarkTheRestNotReleasable()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var tomorrow = DateOnly.FromDateTime(DateTime.UnixEpoch).AddDays((int)(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 86400) + 1);
        var manifest = folder.File("releases.csv", $"action,order_id,not_before,reference\nrelease,{PartCaptured},{tomorrow:yyyy-MM-dd},REL-1\nrelease,{FullyCaptured},{tomorrow:yyyy-MM-dd},REL-2\n");
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("release"), simulator, folder.Path);
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(manifest, "test", default);
        await RunAsync(app, import.Manifest.ManifestId);
        var before = ReportFile.Read(await Reports(app).WriteAsync(import.Manifest.ManifestId, null, default));
        var nextDay = new FakeTimeProvider(new DateTimeOffset(tomorrow.ToDateTime(new TimeOnly(2, 0)), TimeSpan.Zero));

        await Task.WhenAll(Sweep(app, nextDay).RunAsync(default), Sweep(app, nextDay).RunAsync(default));
        await RunAsync(app, import.Manifest.ManifestId);

        Assert.Equal(["scheduled", "scheduled"], before.Select(line => line["status"]));
        var release = Assert.Single(await simulator.LedgerAsync());
        Assert.Equal(("release", PartCaptured), (release.Kind, release.OrderId));
        var after = ReportFile.Read(await Reports(app).WriteAsync(import.Manifest.ManifestId, null, default));
        Assert.Equal(["released", "not_releasable"], after.Select(line => line["status"]));
        Assert.Contains("fully captured", after[1]["error_message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BeforeTheDay_StagesNothing()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var manifest = folder.File("later.csv", $"action,order_id,not_before\nrelease,{PartCaptured},2099-12-24\n");
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("later"), simulator, folder.Path);
        await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(manifest, "test", default);

        await Sweep(app, TimeProvider.System).RunAsync(default);

        Assert.Empty(await app.Services.GetRequiredService<ManifestStore>().StageDueReleasesAsync(new DateOnly(2099, 12, 23), default));
        Assert.Empty(await simulator.LedgerAsync());
    }

    [Fact]
    public async Task SweepAsync_AutoRelease_ReleasesStaleRefundedOrdersOnceAsTheirOwnManifest()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var refunds = folder.File("refunds.csv", $"order_id,currency,amount,reference\n{PartCaptured},EUR,10.00,RMA-1\n{FullyCaptured},EUR,10.00,RMA-2\n");
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("autorelease"), simulator, folder.Path);
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(refunds, "test", default);
        await RunAsync(app, import.Manifest.ManifestId);
        var later = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddYears(30)); // every capture is long ago

        var first = await Sweep(app, later, autoReleaseAfterDays: 7).SweepAsync(default);
        await RunAsync(app, Assert.Single(first));
        var second = await Sweep(app, later, autoReleaseAfterDays: 7).SweepAsync(default);

        var releases = (await simulator.LedgerAsync()).Where(entry => entry.Kind == "release").ToList();
        Assert.Equal(PartCaptured, Assert.Single(releases).OrderId);
        Assert.Empty(second); // the released order is no longer a candidate; the fully captured one never was
        var report = ReportFile.Read(await Reports(app).WriteAsync(first[0], null, default));
        Assert.Equal(("release", PartCaptured, "released"), (report[0]["action"], report[0]["order_id"], report[0]["status"]));
    }

    private static ReleaseSweepJob Sweep(AppHost app, TimeProvider clock, int autoReleaseAfterDays = 0)
    {
        var options = Options.Create(new ReleaseOptions { TimeZone = "UTC", AutoReleaseAfterDays = autoReleaseAfterDays });
        var manifests = app.Services.GetRequiredService<ManifestStore>();
        return new ReleaseSweepJob(manifests, new ReleasePlanner(manifests, app.Services.GetRequiredService<KlarnaAccounts>(), options, clock),
            app.Services.GetRequiredService<ManifestImporter>(), app.Services.GetRequiredService<IBackgroundJobClient>(), options,
            app.Services.GetRequiredService<IOptions<ReportOptions>>(), clock, NullLogger<ReleaseSweepJob>.Instance);
    }

    private static ReportService Reports(AppHost app) => app.Services.GetRequiredService<ReportService>();

    private static async Task RunAsync(AppHost app, Guid manifestId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(manifestId, null, timeout.Token);
    }
}
