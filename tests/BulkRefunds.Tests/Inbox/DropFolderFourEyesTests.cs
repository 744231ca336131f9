using BulkRefunds.Dispatch;
using BulkRefunds.Host;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Inbox;

/// <summary>
/// Four-eyes on the drop folder (issue 11, scenario 7): the file is "uploaded by" <c>drop-folder</c>, no person the rule
/// could exclude, so whoever dropped it must not be able to send it alone: two different operators approve.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DropFolderFourEyesTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Approve_DropFolderManifest_SendsNothingUntilASecondOperatorApproves()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        inbox.Drop("returns.csv", DropFolderJobTests.Returns);
        await inbox.Job(inbox.After(10), requireApproval: true).RunAsync(default);
        var manifestId = Assert.Single(await inbox.ManifestsAsync()).ManifestId;
        var actions = inbox.App.Services.GetRequiredService<OperatorActions>();

        var first = await actions.ApproveAsync(manifestId, "alice", default);
        // Whoever runs dispatch — a job, the recovery sweep — claims nothing after one approval.
        await inbox.App.Services.GetRequiredService<ManifestDispatcher>().DispatchAsync(manifestId, default);
        await inbox.App.Services.GetRequiredService<RecoverySweepJob>().RunAsync(default);
        var ledgerAfterOne = await inbox.Simulator.LedgerAsync();
        var rowsAfterOne = await inbox.App.Services.GetRequiredService<ManifestStore>().CountByStateAsync(manifestId, default);
        var again = await actions.ApproveAsync(manifestId, "alice", default);
        var second = await actions.ApproveAsync(manifestId, "bob", default);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await inbox.App.Services.GetRequiredService<ManifestRunner>().RunToCompletionAsync(manifestId, null, timeout.Token);

        Assert.Equal("Approval recorded (1 of 2); a second operator must approve.", first.Message);
        Assert.True(first.Succeeded);
        Assert.Empty(ledgerAfterOne);
        Assert.Equal(2, rowsAfterOne[RowState.Staged]);
        Assert.False(again.Succeeded);
        Assert.Contains("already approved", again.Message, StringComparison.Ordinal);
        Assert.True(second.Succeeded, second.Message);
        Assert.Equal("Approved (2 of 2); sending has started.", second.Message);
        Assert.Equal([("7719051f-0b8c-5afc-a864-0c56fe04ef32", 9500L), ("1d3491c3-2408-5f51-9f6c-8562933ee292", 124950L)],
            (await inbox.Simulator.LedgerAsync()).OrderBy(entry => entry.RefundedAmount).Select(entry => (entry.OrderId, entry.RefundedAmount)));
        var overview = (await inbox.App.Services.GetRequiredService<ManifestOverviewStore>().FindAsync(manifestId, default))!;
        Assert.Equal(["alice", "bob"], overview.Approvals.Select(approval => approval.ApprovedBy));
        Assert.Equal("2 of 2 approvals", overview.ApprovalProgress);
        Assert.Equal(("drop-folder", "bob"), (overview.Manifest.UploadedBy, overview.Manifest.ApprovedBy));
    }

    [Fact]
    public async Task Approve_FourEyesOff_OneApprovalSendsADropFolderManifest()
    {
        await using var inbox = await InboxHarness.StartAsync(postgres);
        inbox.Drop("returns.csv", DropFolderJobTests.Returns);

        await inbox.Job(inbox.After(10), requireApproval: true, fourEyes: false).RunAsync(default);

        var manifest = Assert.Single(await inbox.ManifestsAsync());
        Assert.Equal((true, 1), (manifest.AwaitingApproval, manifest.ApprovalsRequired));
    }
}
