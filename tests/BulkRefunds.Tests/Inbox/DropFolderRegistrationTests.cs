using BulkRefunds.Inbox;
using BulkRefunds.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Inbox;

/// <summary>The recurring drop-folder job exists only where DropFolder:Path is set.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DropFolderRegistrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task StartWorker_PathSet_RegistersTheRecurringJobWithItsCron()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();

        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("dropon"), simulator, folder.Path,
            new Dictionary<string, string?> { ["DropFolder:Path"] = folder.Path, ["DropFolder:Cron"] = "*/5 * * * *" });

        var job = await RecurringJobAsync(app.Services.GetRequiredService<JobStorage>(), DropFolderJob.RecurringJobId, expectSome: true);
        Assert.Equal(("*/5 * * * *", typeof(DropFolderJob)), (job?.Cron, job?.Job.Type));
    }

    [Fact]
    public async Task StartWorker_PathEmpty_RegistersNoDropFolderJob()
    {
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();

        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("dropoff"), simulator, folder.Path,
            new Dictionary<string, string?> { ["DropFolder:Path"] = "" });

        // The release sweep is registered just before, so once it is there the drop folder would be too.
        Assert.NotNull(await RecurringJobAsync(app.Services.GetRequiredService<JobStorage>(), "release-sweep", expectSome: true));
        Assert.Null(await RecurringJobAsync(app.Services.GetRequiredService<JobStorage>(), DropFolderJob.RecurringJobId, expectSome: false));
    }

    private static async Task<RecurringJobDto?> RecurringJobAsync(JobStorage storage, string id, bool expectSome)
    {
        for (var waited = 0; waited < 50; waited++)
        {
            using var connection = storage.GetConnection();
            var job = connection.GetRecurringJobs().SingleOrDefault(job => job.Id == id);
            if (job is not null || !expectSome)
            {
                return job;
            }

            await Task.Delay(100);
        }

        return null;
    }
}
