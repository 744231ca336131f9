using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.Klarna;
using BulkRefunds.Releases;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
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

        var sweeps = await Task.WhenAll(Sweep(app, nextDay).SweepAsync("schedule", default), Sweep(app, nextDay).SweepAsync("schedule", default));
        await RunAsync(app, import.Manifest.ManifestId);

        Assert.Equal(["scheduled", "scheduled"], before.Select(line => line["status"]));
        var release = Assert.Single(await simulator.LedgerAsync());
        Assert.Equal(("release", PartCaptured), (release.Kind, release.OrderId));
        var after = ReportFile.Read(await Reports(app).WriteAsync(import.Manifest.ManifestId, null, default));
        Assert.Equal(["released", "not_releasable"], after.Select(line => line["status"]));
        Assert.Contains("fully captured", after[1]["error_message"], StringComparison.Ordinal);
        // The dispatch that finished the releases wrote the winning run's report on its own.
        var winner = Assert.Single(sweeps, sweep => sweep.Manifests.Count > 0);
        var written = Path.Combine(folder.Path, "releases", $"{tomorrow:yyyy-MM-dd}_release-run_{winner.RunId:D}.csv");
        for (var waited = 0; !File.Exists(written) && waited < 100; waited++)
        {
            await Task.Delay(100);
        }

        Assert.True(File.Exists(written), written);
        // Each release row belongs to the one run that staged it; the other run's report is empty.
        var runReports = new List<List<Dictionary<string, string>>>();
        foreach (var sweep in sweeps)
        {
            runReports.Add(ReportFile.Read(Assert.IsType<string>(await RunReport(app).WriteIfFinishedAsync(sweep.RunId, default))));
        }

        var lines = Assert.Single(runReports, report => report.Count > 0);
        Assert.Equal([("2", "released", release.IdempotencyKey!), ("3", "not_releasable", after[1]["idempotency_key"])],
            lines.Select(line => (line["line_number"], line["status"], line["idempotency_key"])));
        Assert.All(lines, line => Assert.Equal((tomorrow.ToString("yyyy-MM-dd"), import.Manifest.ManifestId.ToString("D"), "releases.csv"),
            (line["release_day"], line["manifest_id"], line["file_name"])));
        Assert.Contains("fully captured", lines[1]["error_message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BeforeTheDay_StagesNothing()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var manifest = folder.File("later.csv", $"action,order_id,not_before\nrelease,{PartCaptured},2099-12-24\n");
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("later"), simulator, folder.Path);
        await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(manifest, "test", default);

        var sweep = await Sweep(app, TimeProvider.System).SweepAsync("schedule", default);

        Assert.Empty(sweep.Manifests);
        Assert.Empty(await simulator.LedgerAsync());
        // A run that found nothing due still leaves its (empty) report, so finance can see the sweep ran.
        Assert.Empty(ReportFile.Read(Assert.IsType<string>(sweep.Report)));
        Assert.Equal("releases", Path.GetFileName(Path.GetDirectoryName(sweep.Report)));
    }

    [Fact]
    public async Task SweepAsync_AutoRelease_ReleasesStaleRefundedOrdersOnceAsTheirOwnManifest()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        var refunds = folder.File("refunds.csv", $"order_id,currency,amount,reference\n{PartCaptured},EUR,10.00,RMA-1\n{FullyCaptured},EUR,10.00,RMA-2\n");
        // The dispatcher checks the staleness rule again when it sends the release, with the worker's own setting.
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("autorelease"), simulator, folder.Path,
            new Dictionary<string, string?> { ["Releases:AutoReleaseAfterDays"] = "7" });
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(refunds, "test", default);
        await RunAsync(app, import.Manifest.ManifestId);
        var later = new FakeTimeProvider(TimeProvider.System.GetUtcNow().AddYears(30)); // every capture is long ago

        var first = await Sweep(app, later, autoReleaseAfterDays: 7).SweepAsync("command", default);
        await RunAsync(app, Assert.Single(first.Manifests));
        var second = await Sweep(app, later, autoReleaseAfterDays: 7).SweepAsync("command", default);

        var releases = (await simulator.LedgerAsync()).Where(entry => entry.Kind == "release").ToList();
        Assert.Equal(PartCaptured, Assert.Single(releases).OrderId);
        Assert.Empty(second.Manifests); // the released order is no longer a candidate; the fully captured one never was
        var report = ReportFile.Read(await Reports(app).WriteAsync(first.Manifests[0], null, default));
        Assert.Equal(("release", PartCaptured, "released"), (report[0]["action"], report[0]["order_id"], report[0]["status"]));
        var runLine = Assert.Single(ReportFile.Read(Assert.IsType<string>(await RunReport(app).WriteIfFinishedAsync(first.RunId, default))));
        Assert.Equal((PartCaptured, "released", report[0]["idempotency_key"]), (runLine["order_id"], runLine["status"], runLine["idempotency_key"]));
    }

    private static ReleaseSweepJob Sweep(AppHost app, TimeProvider clock, int autoReleaseAfterDays = 0)
    {
        var options = Options.Create(new ReleaseOptions { TimeZone = "UTC", AutoReleaseAfterDays = autoReleaseAfterDays });
        var runs = app.Services.GetRequiredService<ReleaseRunStore>();
        return new ReleaseSweepJob(runs, RunReport(app), new ReleasePlanner(runs, app.Services.GetRequiredService<KlarnaAccounts>(), options, clock),
            app.Services.GetRequiredService<ManifestImporter>(), app.Services.GetRequiredService<DispatchQueue>(), options,
            app.Services.GetRequiredService<IOptions<ReportOptions>>(), clock, NullLogger<ReleaseSweepJob>.Instance);
    }

    private static ReportService Reports(AppHost app) => app.Services.GetRequiredService<ReportService>();

    private static ReleaseRunReport RunReport(AppHost app) => app.Services.GetRequiredService<ReleaseRunReport>();

    private static async Task RunAsync(AppHost app, Guid manifestId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await app.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(manifestId, null, timeout.Token);
    }
}
