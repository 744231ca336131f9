using BulkRefunds.Dispatch;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Dispatch;

/// <summary>The recurring sweep finds staged manifests nobody dispatches and drives them to the end.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RecoverySweepTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RunAsync_StagedManifestWithoutAJob_IsDispatchedToCompletion()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("sweep"), simulator, folder.Path);
        var import = await app.Services.GetRequiredService<ManifestImporter>().ImportAsync(EndToEnd.RunManifestTests.SamplePath(), "test", default);
        var manifests = app.Services.GetRequiredService<ManifestStore>();

        await app.Services.GetRequiredService<RecoverySweepJob>().RunAsync(default);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // The dispatch job marks the manifest complete just after its last outcome is written.
        while ((await manifests.FindAsync(import.Manifest.ManifestId, timeout.Token))!.CompletedAt is null)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.Equal(10, (await simulator.LedgerAsync()).Count);
        Assert.Equal(0, await manifests.CountOpenAsync(import.Manifest.ManifestId, default));
        Assert.Empty(await app.Services.GetRequiredService<BacklogStore>().WithClaimableRowsAsync(default));
    }
}
