namespace BulkRefunds.Settlements;

/// <summary>Section <c>Settlements</c>: when Klarna's payouts are fetched and how their returns are judged.</summary>
public sealed class SettlementOptions
{
    /// <summary>
    /// Cron of the settlements job (Hangfire's five-field form, UTC). One schedule for all accounts; each account runs as
    /// its own recurring job (<c>settlements-&lt;account&gt;</c>), so one account's failure or retry leaves the others alone.
    /// </summary>
    public string Cron { get; set; } = "30 6 * * *";

    /// <summary>
    /// A succeeded refund with no settlement this many days after it completed is <c>overdue</c> (fractions allowed, e.g.
    /// 0.5; 0 makes every unsettled refund overdue). Decimal, not floating point: the banned-API rule, and exact.
    /// </summary>
    public decimal OverdueAfterDays { get; set; } = 14;

    /// <summary>The report covers succeeded refunds and payouts of this many days back; also the first ingest's window.</summary>
    public int LookbackDays { get; set; } = 60;

    /// <summary>Later ingests start this many days before the latest ingested payout, for payouts Klarna lists late.</summary>
    public int OverlapDays { get; set; } = 3;

    /// <summary>Above this a refund is not "late" but forgotten; it also keeps the TimeSpan arithmetic in range.</summary>
    public const decimal MaxOverdueAfterDays = 3650;

    public TimeSpan OverdueAfter => TimeSpan.FromTicks((long)(OverdueAfterDays * TimeSpan.TicksPerDay));

    public TimeSpan Lookback => TimeSpan.FromDays(LookbackDays);

    public TimeSpan Overlap => TimeSpan.FromDays(OverlapDays);
}
