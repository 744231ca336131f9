using BulkRefunds.Dispatch;
using BulkRefunds.Inbox;
using BulkRefunds.Notifications;
using BulkRefunds.Klarna;
using BulkRefunds.Releases;
using BulkRefunds.Reports;
using BulkRefunds.Settlements;
using Hangfire;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host;

/// <summary>
/// Registers the recurring recovery, stale-report and release sweeps, one settlements job per Klarna account (Settlements:Cron, UTC),
/// and the drop folder when DropFolder:Path is set. Klarna's rate is
/// not divided between servers any more: every worker leases from each account's shared budget in the database
/// (docs/scaling.md).
/// </summary>
public sealed class ServerCoordination(IRecurringJobManager recurring, IOptions<ReleaseOptions> releases, IOptions<DropFolderOptions> dropFolder,
    IOptions<SettlementOptions> settlements, IOptions<KlarnaOptions> klarna) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        recurring.AddOrUpdate<RecoverySweepJob>(RecoverySweepJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<RewriteStaleReportsJob>(RewriteStaleReportsJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<NotificationSweepJob>(NotificationSweepJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), Cron.Minutely());
        recurring.AddOrUpdate<ReleaseSweepJob>(ReleaseSweepJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), releases.Value.Cron,
            new RecurringJobOptions { TimeZone = releases.Value.Zone() });
        foreach (var account in klarna.Value.Accounts.Keys.Order(StringComparer.Ordinal))
        {
            recurring.AddOrUpdate<SettlementJob>(SettlementJob.RecurringJobId(account), job => job.RunAsync(account, CancellationToken.None), settlements.Value.Cron);
        }

        // Not removed when the path is empty: a short-lived `run` without the setting must not switch off a server's inbox.
        if (dropFolder.Value.Enabled)
        {
            recurring.AddOrUpdate<DropFolderJob>(DropFolderJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), dropFolder.Value.Cron);
        }

        return Task.CompletedTask;
    }
}
