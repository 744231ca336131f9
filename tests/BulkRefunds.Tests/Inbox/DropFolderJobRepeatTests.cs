using BulkRefunds.Inbox;
using BulkRefunds.Tests.Infrastructure;

namespace BulkRefunds.Tests.Inbox;

/// <summary>The same file twice, runs that overlap, and a run that died holding a file: each manifest is imported once.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DropFolderJobRepeatTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RunAsync_SameFileDroppedTwice_SecondGoesToProcessedWithANoteAndNoSecondManifest()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        inbox.Drop("returns.csv", DropFolderJobTests.Returns);
        await inbox.Job(inbox.After(10)).RunAsync(default);
        inbox.Drop("returns.csv", DropFolderJobTests.Returns);

        await inbox.Job(inbox.After(20)).RunAsync(default);

        var manifest = Assert.Single(await inbox.ManifestsAsync());
        Assert.Equal([manifest.ManifestId], inbox.DispatchesEnqueued());
        var first = $"{inbox.Dropped:yyyy-MM-dd}_{manifest.ManifestId:D}_returns.csv";
        var second = $"{inbox.Dropped:yyyy-MM-dd}_{manifest.ManifestId:D}_returns (2).csv";
        Assert.Equal([second, $"{second}.note.txt", first], inbox.Entries("processed"));
        var note = inbox.Read("processed", $"{second}.note.txt");
        Assert.Contains($"same content as manifest {manifest.ManifestId:D}", note, StringComparison.Ordinal);
        Assert.Empty(inbox.Entries(""));
    }

    [Fact]
    public async Task RunAsync_TwoRunsAtOnce_ImportEachFileOnce()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        var names = Enumerable.Range(1, 6).Select(i => $"returns-{i}.csv").ToList();
        foreach (var (name, index) in names.Select((name, index) => (name, index)))
        {
            inbox.Drop(name, $"order_id,currency,amount,reference\n7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,1.00,RMA-C{index}\n");
        }

        var clock = inbox.After(10);

        await Task.WhenAll(Task.Run(() => inbox.Job(clock).RunAsync(default)), Task.Run(() => inbox.Job(clock).RunAsync(default)));

        var manifests = await inbox.ManifestsAsync();
        Assert.Equal(names, manifests.Select(manifest => manifest.FileName).Order(StringComparer.Ordinal));
        Assert.Equal(manifests.Select(manifest => manifest.ManifestId).Order(), inbox.DispatchesEnqueued().Order());
        var processed = inbox.Entries("processed");
        Assert.Equal(6, processed.Count);
        Assert.DoesNotContain(processed, name => name.EndsWith(".note.txt", StringComparison.Ordinal));
        Assert.Empty(inbox.Entries(""));
        Assert.Empty(inbox.ClaimFolders());
    }

    [Fact]
    public async Task RunAsync_ClaimLeftByADeadRun_IsTakenOverAfterTenMinutesAndAFreshClaimIsNot()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        var clock = inbox.After(3600);
        var stale = Directory.CreateDirectory(Path.Combine(inbox.Inbox, ".processing", ClaimFolder.Name(clock.GetUtcNow().AddMinutes(-11)))).FullName;
        var fresh = Directory.CreateDirectory(Path.Combine(inbox.Inbox, ".processing", ClaimFolder.Name(clock.GetUtcNow().AddMinutes(-1)))).FullName;
        File.WriteAllText(Path.Combine(stale, "crashed.csv"), DropFolderJobTests.Returns);
        File.WriteAllText(Path.Combine(fresh, "busy.csv"), "order_id,currency,amount\n7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,2.00\n");

        await inbox.Job(clock).RunAsync(default);

        var manifest = Assert.Single(await inbox.ManifestsAsync());
        Assert.Equal("crashed.csv", manifest.FileName);
        Assert.Equal([$"{clock.GetUtcNow():yyyy-MM-dd}_{manifest.ManifestId:D}_crashed.csv"], inbox.Entries("processed"));
        Assert.Equal([Path.GetFileName(fresh)], inbox.ClaimFolders());
        Assert.True(File.Exists(Path.Combine(fresh, "busy.csv")));
    }
}
