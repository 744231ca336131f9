using BulkRefunds.Dispatch;
using System.Globalization;
using BulkRefunds.Host;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Inbox;

/// <summary>What one run of the drop folder does with each kind of file it finds.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DropFolderJobTests(PostgresFixture postgres)
{
    internal const string Returns = """
        order_id,currency,amount,reference
        7719051f-0b8c-5afc-a864-0c56fe04ef32,EUR,95.00,RMA-1001
        1d3491c3-2408-5f51-9f6c-8562933ee292,SEK,1249.50,RMA-1002

        """;

    [Fact]
    public async Task RunAsync_StableFile_IsImportedMovedToProcessedAndDispatched()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        inbox.Drop("returns.csv", Returns);
        var clock = inbox.After(10);

        await inbox.Job(clock).RunAsync(default);

        var manifest = Assert.Single(await inbox.ManifestsAsync());
        Assert.Equal(("returns.csv", 2, "drop-folder"), (manifest.FileName, manifest.RowCount, manifest.UploadedBy));
        Assert.Equal([manifest.ManifestId], inbox.DispatchesEnqueued());
        var day = clock.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal([$"{day}_{manifest.ManifestId:D}_returns.csv"], inbox.Entries("processed"));
        Assert.Empty(inbox.Entries(""));
        Assert.Empty(inbox.ClaimFolders());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await inbox.App.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(manifest.ManifestId, null, timeout.Token);
        var ledger = await inbox.Simulator.LedgerAsync();
        Assert.Equal([("7719051f-0b8c-5afc-a864-0c56fe04ef32", 9500L), ("1d3491c3-2408-5f51-9f6c-8562933ee292", 124950L)],
            ledger.OrderBy(entry => entry.RefundedAmount).Select(entry => (entry.OrderId, entry.RefundedAmount)));
    }

    [Fact]
    public async Task RunAsync_ApprovalRequired_StagesTheFileAwaitingApprovalAndSendsNothing()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        inbox.Drop("returns.csv", Returns);

        await inbox.Job(inbox.After(10), requireApproval: true).RunAsync(default);

        var manifest = Assert.Single(await inbox.ManifestsAsync());
        Assert.True(manifest.AwaitingApproval);
        Assert.Empty(inbox.DispatchesEnqueued());
        await inbox.App.Services.GetRequiredService<ManifestDispatcher>().DispatchAsync(manifest.ManifestId, default);
        Assert.Empty(await inbox.Simulator.LedgerAsync());
    }

    [Fact]
    public async Task RunAsync_FileWrittenJustNow_IsLeftForALaterRun()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        inbox.Drop("returns.csv", Returns);

        await inbox.Job(inbox.After(2)).RunAsync(default);

        Assert.Equal(["returns.csv"], inbox.Entries(""));
        Assert.Empty(await inbox.ManifestsAsync());
        Assert.Empty(inbox.Entries("processed"));
        Assert.Empty(inbox.ClaimFolders());
        Assert.Empty(inbox.DispatchesEnqueued());
    }

    [Fact]
    public async Task RunAsync_DotFileAndFileInASubfolder_AreLeftAlone()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        inbox.Drop(".returns.csv", Returns);
        Directory.CreateDirectory(Path.Combine(inbox.Inbox, "later"));
        inbox.Drop(Path.Combine("later", "returns.csv"), Returns);

        await inbox.Job(inbox.After(10)).RunAsync(default);

        Assert.Equal([".returns.csv"], inbox.Entries(""));
        Assert.Equal(["returns.csv"], inbox.Entries("later"));
        Assert.Empty(await inbox.ManifestsAsync());
    }

    [Fact]
    public async Task RunAsync_UnknownHeader_GoesToRejectedWithAReadableReason()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        inbox.Drop("bad.csv", "order_id,colour\n7719051f-0b8c-5afc-a864-0c56fe04ef32,red\n");
        var clock = inbox.After(10);

        await inbox.Job(clock).RunAsync(default);

        var stamp = clock.GetUtcNow().ToString("yyyy-MM-dd_HHmmss", CultureInfo.InvariantCulture);
        Assert.Equal([$"{stamp}_bad.csv", $"{stamp}_bad.csv.error.txt"], inbox.Entries("rejected"));
        var error = inbox.Read("rejected", $"{stamp}_bad.csv.error.txt");
        Assert.Contains("'bad.csv' was not imported: The header has unknown column(s): 'colour'.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.DirectorySeparatorChar.ToString(), error, StringComparison.Ordinal);
        Assert.Empty(await inbox.ManifestsAsync());
        Assert.Empty(inbox.Entries(""));
        Assert.Empty(inbox.DispatchesEnqueued());
    }

    [Fact]
    public async Task RunAsync_SymlinkInTheInbox_IsNotImportedAndItsTargetIsUntouched()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        using var elsewhere = new TempFolder();
        var target = elsewhere.File("secret.csv", Returns);
        var written = new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(target, written);
        File.CreateSymbolicLink(Path.Combine(inbox.Inbox, "linked.csv"), target);
        var clock = inbox.After(10);

        await inbox.Job(clock).RunAsync(default);

        Assert.Empty(await inbox.ManifestsAsync());
        Assert.Empty(inbox.DispatchesEnqueued());
        Assert.Equal((Returns, written), (File.ReadAllText(target), File.GetLastWriteTimeUtc(target)));
        Assert.Equal(["secret.csv"], Directory.EnumerateFileSystemEntries(elsewhere.Path).Select(Path.GetFileName));
        // The link itself was moved aside, still a link, so finance can see why nothing happened.
        var stamp = clock.GetUtcNow().ToString("yyyy-MM-dd_HHmmss", CultureInfo.InvariantCulture);
        Assert.Equal([$"{stamp}_linked.csv", $"{stamp}_linked.csv.error.txt"], inbox.Entries("rejected"));
        Assert.Equal(target, new FileInfo(Path.Combine(inbox.Inbox, "rejected", $"{stamp}_linked.csv")).LinkTarget);
        var error = inbox.Read("rejected", $"{stamp}_linked.csv.error.txt");
        Assert.Contains("is a link", error, StringComparison.Ordinal);
        Assert.DoesNotContain(elsewhere.Path, error, StringComparison.Ordinal);
    }
}
