using BulkRefunds.Dispatch;
using BulkRefunds.Inbox;
using BulkRefunds.Klarna;
using BulkRefunds.Notifications;
using BulkRefunds.Releases;
using Hangfire;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host;

/// <summary>
/// Registers the recurring recovery and release sweeps (and the drop folder when DropFolder:Path is set), and keeps this
/// process's share of each Klarna account's rate equal to 1 / (Hangfire servers alive on this database), read from
/// Hangfire's own server list (docs/scaling.md).
/// </summary>
public sealed class ServerCoordination(IRecurringJobManager recurring, LiveServers liveServers, KlarnaAccounts accounts,
    IOptions<ReleaseOptions> releases, IOptions<DropFolderOptions> dropFolder, TimeProvider timeProvider, ILogger<ServerCoordination> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        recurring.AddOrUpdate<RecoverySweepJob>(RecoverySweepJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<NotificationSweepJob>(NotificationSweepJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<ReleaseSweepJob>(ReleaseSweepJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), releases.Value.Cron,
            new RecurringJobOptions { TimeZone = releases.Value.Zone() });
        // Not removed when the path is empty: a short-lived `run` without the setting must not switch off a server's inbox.
        if (dropFolder.Value.Enabled)
        {
            recurring.AddOrUpdate<DropFolderJob>(DropFolderJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), dropFolder.Value.Cron);
        }

        var shared = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            // 0 when the server list could not be read: the share stays as it is until the next poll.
            var live = liveServers.Count();
            if (live > 0 && live != shared)
            {
                accounts.ShareRateWith(live);
                logger.LogInformation("{Servers} Hangfire servers share each Klarna account's rate limit", live);
                shared = live;
            }

            try
            {
                await Task.Delay(Poll, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
