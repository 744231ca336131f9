using System.Globalization;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Manifests;

namespace BulkRefunds.Tests.Inbox;

/// <summary>The drop folder answers every file of the malformed corpus: rejected with a note naming the cause, or imported.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DropFolderMalformedTests(PostgresFixture postgres)
{
    [Fact]
    public async Task RunAsync_MalformedCorpus_RejectedFilesGoToRejectedWithTheirCauseAndTheRestAreImported()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        foreach (var @case in MalformedCorpus.All)
        {
            File.SetLastWriteTimeUtc(MalformedCorpus.WriteTo(@case, inbox.Inbox), inbox.Dropped.UtcDateTime);
        }

        var clock = inbox.After(10);

        // One run takes every file; a file it could not answer would throw here (and be retried as a failing job).
        await inbox.Job(clock, requireApproval: true).RunAsync(default);

        var stamp = clock.GetUtcNow().ToString("yyyy-MM-dd_HHmmss", CultureInfo.InvariantCulture);
        var rejected = inbox.Entries("rejected");
        var processed = inbox.Entries("processed");
        Assert.Empty(inbox.Entries(""));
        Assert.All(MalformedCorpus.All.Where(@case => @case.Rejected), @case =>
        {
            var note = inbox.Read("rejected", $"{stamp}_{@case.Name}.error.txt");
            Assert.Contains($"{stamp}_{@case.Name}", rejected);
            Assert.Contains(@case.Message, note, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Exception", note, StringComparison.Ordinal);
        });
        Assert.All(MalformedCorpus.All.Where(@case => !@case.Rejected), @case =>
            Assert.Single(processed, name => name.EndsWith($"_{@case.Name}", StringComparison.Ordinal)));
        Assert.Equal(MalformedCorpus.All.Count(@case => !@case.Rejected), (await inbox.ManifestsAsync()).Count);
    }
}
