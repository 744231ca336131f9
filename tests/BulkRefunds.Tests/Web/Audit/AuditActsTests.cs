using System.Net;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Staging;
using BulkRefunds.Tests.Dispatch;
using BulkRefunds.Tests.Infrastructure;
using BulkRefunds.Tests.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using static BulkRefunds.Tests.Web.Audit.AuditApi;
using static BulkRefunds.Tests.Web.Manifests.ManifestApi;

namespace BulkRefunds.Tests.Web.Audit;

/// <summary>
/// Every operator act through the web API leaves exactly one entry naming who did it, to which manifest, in plain words;
/// an act refused (the uploader approving their own upload) changed nothing and leaves none.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditActsTests(PostgresFixture postgres)
{
    [Fact]
    public async Task OperatorActs_ThroughTheApi_EachRecordedOnceWithActorActAndManifest()
    {
        using var folder = new TempFolder();
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("audit_acts"), ("Dispatch:MaxAttempts", "2"));
        var orders = await ManifestOrders.AddAsync(web.Simulator, 2);
        web.Simulator.Server.State.Faults.Enqueue(orders.Rows[1].OrderId, new FaultSpec(FaultKind.Error503, Times: 10) { Operation = FaultOperation.Refund });
        var twoVotes = await web.App.Services.GetRequiredService<ManifestImporter>().ImportAsync(
            folder.File("dropped.csv", "order_id,currency,refunded_amount\nnever-sent,EUR,100\n"), "drop-folder",
            new ImportOptions(RequireApproval: true, ApprovalsRequired: 2), default);

        var sent = await UploadAsync(Operator(web), "returns.csv", orders.Csv);
        using var ownApproval = await PostAsync(Operator(web), $"/api/manifests/{sent}/approve");
        using var approval = await PostAsync(SecondOperatorClient(web), $"/api/manifests/{sent}/approve");
        await WaitForStatusAsync(Viewer(web), sent, "complete");
        using var retry = await PostAsync(Operator(web), $"/api/manifests/{sent}/retry");
        var cancelled = await UploadAsync(Operator(web), "later.csv", "order_id,currency,refunded_amount\nnever-sent-either,EUR,100\n");
        using var cancel = await PostAsync(SecondOperatorClient(web), $"/api/manifests/{cancelled}/cancel");
        using var firstVote = await PostAsync(Operator(web), $"/api/manifests/{twoVotes.Manifest.ManifestId}/approve");
        using var secondVote = await PostAsync(SecondOperatorClient(web), $"/api/manifests/{twoVotes.Manifest.ManifestId}/approve");
        await WaitForStatusAsync(Viewer(web), sent, "complete");

        Assert.Equal(HttpStatusCode.Conflict, ownApproval.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(
            [
                (TestUsers.Operator, "upload", "uploaded returns.csv: 2 row(s), awaiting approval"),
                (SecondOperator, "approve", "approval 1 of 1; the manifest is approved for sending"),
                (TestUsers.Operator, "retry", "retried 1 row(s)"),
            ],
            await ActsAsync(web, sent));
        Assert.Equal(
            [
                (TestUsers.Operator, "upload", "uploaded later.csv: 1 row(s), awaiting approval"),
                (SecondOperator, "cancel", "cancelled the rest: 1 row(s) not yet sent skipped"),
            ],
            await ActsAsync(web, cancelled));
        Assert.Equal(
            [
                ("drop-folder", "upload", "uploaded dropped.csv: 1 row(s), awaiting approval"),
                (TestUsers.Operator, "approve", "approval 1 of 2"),
                (SecondOperator, "approve", "approval 2 of 2; the manifest is approved for sending"),
            ],
            await ActsAsync(web, twoVotes.Manifest.ManifestId));
    }

    [Fact]
    public async Task SignIn_FifthWrongPasswordInARow_RecordsOneLockoutOfThatUser()
    {
        await using var web = await StartAsync(await postgres.CreateDatabaseAsync("audit_lockout"));
        var guesser = web.Client(TestUsers.Operator, "a wrong guess");

        var refusals = new List<HttpStatusCode>();
        for (var attempt = 0; attempt <= Host.Web.Security.UserDirectory.MaxFailures; attempt++)
        {
            using var response = await guesser.GetAsync(new Uri("/api/manifests", UriKind.Relative));
            refusals.Add(response.StatusCode);
        }

        var export = await Viewer(web).GetStringAsync(new Uri($"/api/audit.csv?from={Today}&to={Today}", UriKind.Relative));

        Assert.All(refusals, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        var lockout = Assert.Single(export.Split('\n'), line => line.Contains(",sign_in_lockout,", StringComparison.Ordinal));
        Assert.Contains($",{TestUsers.Operator},sign_in_lockout,,,,5 wrong passwords in a row through HTTP Basic from 127.0.0.1; locked for 5 minutes",
            lockout, StringComparison.Ordinal);
    }
}
