using Microsoft.Extensions.Logging;
using Npgsql;

namespace BulkRefunds.Klarna;

/// <summary>
/// One merchant account's request budget as this process spends it. Klarna limits the merchant, not a process, so the
/// budget lives in PostgreSQL (<see cref="RateBudgetStore"/>): this process leases a few slots of the account's schedule
/// at a time (at most a tenth of a second's worth, only while it has requests waiting) and sends each request at its
/// slot, so requests within a lease are spread, not bursted. Every request, GET or POST, takes a slot.
/// Without a store (a client on its own, as in the Klarna tests) the same schedule is kept in this process.
/// </summary>
public sealed class RateBudget : IDisposable
{
    // Klarna counts at its end: 3 % below the configured rate absorbs the jitter (network, a busy host) that moves
    // requests into one second. A window filled to the last request answers X-Ratelimit-Remaining: 0, which pauses all
    // only until that window ends, so filling one now and then costs little (docs/scaling.md has the figures).
    private const int PercentOfRate = 97;

    // Empty leases that read the database's clock before the first real one.
    private const int CalibrationLeases = 3;

    // A slot this process could not use in time is let go: sending it late would bunch it with the next ones. At 20 ms
    // the simulator saw up to 208 requests in a sliding second at a 200/s cap; at 5 ms at most 199 (docs/benchmarks.md).
    private static readonly TimeSpan Stale = TimeSpan.FromMilliseconds(5);

    // Bounds the polling of a fully booked schedule.
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(5);

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly AccountEndpoint account;
    private readonly RateBudgetStore? store;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly long origin;
    private readonly long slotMicroseconds;
    private readonly int leaseSlots;
    private TimeSpan next;
    private TimeSpan end;
    private TimeSpan localBooked;
    private long pausedUntilTicks;
    private long databaseOffsetTicks = long.MaxValue;
    private long bestRoundTripTicks = long.MaxValue;
    private int waiting;

    public RateBudget(AccountEndpoint account, int requestsPerSecond, RateBudgetStore? store, TimeProvider timeProvider, ILogger logger)
    {
        this.account = account;
        this.store = store;
        this.timeProvider = timeProvider;
        this.logger = logger;
        origin = timeProvider.GetTimestamp();
        slotMicroseconds = (100_000_000L + (requestsPerSecond * PercentOfRate) - 1) / (requestsPerSecond * PercentOfRate);
        leaseSlots = Math.Max(1, requestsPerSecond / 10);
    }

    /// <summary>Time between two requests of the account, all workers together.</summary>
    public TimeSpan Slot => TimeSpan.FromMicroseconds(slotMicroseconds);

    /// <summary>Waits until this request's slot in the account's schedule.</summary>
    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        // A pause that began while this request waited for its slot holds it too: the slot was booked before Klarna spoke.
        // A slot this process woke up for too late (a busy host) is let go as well: sent now, it would join the next ones.
        while (await TakeSlotAsync(cancellationToken) is var slot && (slot < PausedUntil || Now - slot > Stale))
        {
        }
    }

    private async Task<TimeSpan> TakeSlotAsync(CancellationToken cancellationToken)
    {
        TimeSpan slot;
        Interlocked.Increment(ref waiting);
        try
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                slot = await NextSlotAsync(cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }

        if (slot - Now is { Ticks: > 0 } wait)
        {
            await Task.Delay(wait, timeProvider, cancellationToken);
        }

        return slot;
    }

    /// <summary>
    /// Klarna said stop (a 429, or X-Ratelimit-Remaining: 0, see <see cref="KlarnaRateFeedback"/>): no request of the
    /// account starts before the reset, here at once and in every other worker at its next lease.
    /// </summary>
    public Task HeedAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        KlarnaRateFeedback.PauseFor(response, timeProvider.GetUtcNow()) is { Ticks: > 0 } pause
            ? PauseAsync(pause, cancellationToken)
            : Task.CompletedTask;

    public void Dispose() => gate.Dispose();

    private TimeSpan Now => timeProvider.GetElapsedTime(origin);

    private TimeSpan PausedUntil => TimeSpan.FromTicks(Interlocked.Read(ref pausedUntilTicks));

    private async Task PauseAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = (Now + duration).Ticks;
        for (var seen = Interlocked.Read(ref pausedUntilTicks); seen < until; seen = Interlocked.Read(ref pausedUntilTicks))
        {
            if (Interlocked.CompareExchange(ref pausedUntilTicks, until, seen) == seen)
            {
                break;
            }
        }

        if (store is null)
        {
            return;
        }

        try
        {
            await store.PauseAsync(account, duration.Ticks / TimeSpan.TicksPerMicrosecond, cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            // The answer Klarna gave must still reach the caller; this worker pauses anyway, the others learn at their 429.
            logger.LogWarning(exception, "Could not share Klarna's pause for account {Account} with the other workers", account.Account);
        }
    }

    private async Task<TimeSpan> NextSlotAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = Now;
            if (next < PausedUntil)
            {
                next = end; // slots booked before Klarna's pause are not used
            }

            while (next < end && next < now - Stale)
            {
                next += Slot;
            }

            if (next < end)
            {
                var slot = next;
                next += Slot;
                return slot;
            }

            await LeaseAsync(Math.Clamp(Volatile.Read(ref waiting), 1, leaseSlots), cancellationToken);
        }
    }

    private static TimeSpan Later(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private async Task LeaseAsync(int slots, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            next = Later(Later(Now, localBooked), PausedUntil);
            end = localBooked = next + (Slot * slots);
            return;
        }

        if (databaseOffsetTicks == long.MaxValue)
        {
            // A process's first statements are slow (connection, JIT): mapped from them, this worker's slots would run behind
            // the database's schedule and onto the other workers' slots. A few empty leases set the clock first.
            for (var i = 0; i < CalibrationLeases; i++)
            {
                await TimedLeaseAsync(store, 0, 0, cancellationToken);
            }
        }

        var lease = await TimedLeaseAsync(store, slots * slotMicroseconds, leaseSlots * slotMicroseconds, cancellationToken);
        if (lease.StartsAtMicroseconds is { } startsAt)
        {
            next = TimeSpan.FromTicks((startsAt * TimeSpan.TicksPerMicrosecond) + databaseOffsetTicks);
            end = next + (Slot * slots);
            return;
        }

        var wait = TimeSpan.FromMicroseconds(lease.BookedUntilMicroseconds - lease.NowMicroseconds - (leaseSlots * slotMicroseconds));
        await Task.Delay(wait > MinimumWait ? wait : MinimumWait, timeProvider, cancellationToken);
    }

    // The database's clock read on ours: the statement read it between sending and the answer, so the fastest round trip
    // so far, at its midpoint, maps it best. One offset for all leases (replaced only by a faster round trip) keeps their
    // slots in the database's order; an offset per lease would let a slow answer push one lease onto the next.
    private async Task<BudgetLease> TimedLeaseAsync(RateBudgetStore budgetStore, long leaseMicroseconds, long aheadMicroseconds, CancellationToken cancellationToken)
    {
        var sent = Now;
        var lease = await budgetStore.LeaseAsync(account, leaseMicroseconds, aheadMicroseconds, cancellationToken);
        var roundTrip = (Now - sent).Ticks;
        if (roundTrip <= bestRoundTripTicks)
        {
            bestRoundTripTicks = roundTrip;
            databaseOffsetTicks = sent.Ticks + (roundTrip / 2) - (lease.NowMicroseconds * TimeSpan.TicksPerMicrosecond);
        }

        return lease;
    }
}
