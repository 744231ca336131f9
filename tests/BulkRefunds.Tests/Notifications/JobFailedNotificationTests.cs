using BulkRefunds.Notifications;
using BulkRefunds.Tests.Infrastructure;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Notifications;

/// <summary>A Hangfire job that fails after its retries raises job.failed through the host's server filter.</summary>
[Collection(PostgresCollection.Name)]
public sealed class JobFailedNotificationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task FailedJob_AfterItsRetries_RaisesJobFailedWithTheManifestAndNoExceptionText()
    {
        await using var receiver = await WebhookReceiver.StartAsync([200]);
        await using var simulator = await Simulator.StartAsync();
        using var folder = new TempFolder();
        await using var app = await TestApp.StartWorkerAsync(await postgres.CreateDatabaseAsync("notify-jobfailed"), simulator, folder.Path,
            new Dictionary<string, string?>
            {
                ["Notifications:Webhooks:ops:Url"] = receiver.Url,
                ["Notifications:Webhooks:ops:Secret"] = "job-failed-secret",
            });
        var manifestId = Guid.CreateVersion7();

        var jobId = app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue(() => FailingJob.Run(manifestId));
        var webhook = await receiver.WaitForAsync(NotificationType.JobFailed, TimeSpan.FromSeconds(30));

        var body = webhook.Json.RootElement;
        Assert.Equal(manifestId.ToString("D"), body.GetProperty("manifest_id").GetString());
        var data = body.GetProperty("data");
        Assert.Equal((jobId, "FailingJob.Run", "System.InvalidOperationException"),
            (data.GetProperty("job_id").GetString(), data.GetProperty("job").GetString(), data.GetProperty("exception").GetString()));
        Assert.DoesNotContain(FailingJob.Secret, System.Text.Encoding.UTF8.GetString(webhook.Body), StringComparison.Ordinal);
    }
}

/// <summary>A job with no retries left to give: its first failure is final.</summary>
public static class FailingJob
{
    public const string Secret = "password=hunter2";

    [AutomaticRetry(Attempts = 0)]
    public static void Run(Guid manifestId) => throw new InvalidOperationException($"Could not open {manifestId} ({Secret})");
}
