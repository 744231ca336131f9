using Hangfire;

namespace BulkRefunds.Settlements;

/// <summary>
/// Recurring, one per account (<c>settlements-&lt;account&gt;</c>, Settlements:Cron): ingest, match and report that
/// account. A thin door into <see cref="SettlementRun"/>; every step is idempotent, so Hangfire may re-run it.
/// </summary>
public sealed class SettlementJob(SettlementRun run)
{
    public static string RecurringJobId(string account) => $"settlements-{account}";

    [AutomaticRetry(Attempts = 3)]
    [JobDisplayName("Settlements: reconcile {0} against Klarna's payouts")]
    public async Task RunAsync(string account, CancellationToken cancellationToken) =>
        await run.RunAsync([account], null, null, cancellationToken);
}
