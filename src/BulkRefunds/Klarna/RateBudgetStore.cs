using Dapper;
using Npgsql;

namespace BulkRefunds.Klarna;

/// <summary>
/// The shared request budget of each Klarna account (<c>bulkrefunds.klarna_rate_budget</c>): one guarded
/// <c>UPDATE … RETURNING</c> per lease, timed by the database's clock only, so workers whose clocks disagree still share
/// one schedule. Times come back as Unix microseconds of the database's clock, with the statement's clock_timestamp() to read them against.
/// </summary>
public sealed class RateBudgetStore(NpgsqlDataSource dataSource)
{
    private const string EnsureSql = """
        INSERT INTO bulkrefunds.klarna_rate_budget (account, endpoint) VALUES (@Account, @Endpoint)
        ON CONFLICT DO NOTHING
        """;

    // The guard (fewer than @AheadMicroseconds booked ahead) keeps any one worker from holding more than a lease or two of
    // the schedule. The outer SELECT reads the row as it was before the UPDATE: when nothing was granted, it says how long
    // the schedule is booked, so the worker sleeps until a lease can succeed instead of asking again and again.
    private const string LeaseSql = """
        WITH clock AS MATERIALIZED (SELECT clock_timestamp() AS now),
        leased AS (
            UPDATE bulkrefunds.klarna_rate_budget b
            SET booked_until = greatest(b.booked_until, b.paused_until, c.now) + @LeaseMicroseconds * interval '1 microsecond'
            FROM clock c
            WHERE b.account = @Account AND b.endpoint = @Endpoint
              AND greatest(b.booked_until, b.paused_until) <= c.now + @AheadMicroseconds * interval '1 microsecond'
            RETURNING b.booked_until - @LeaseMicroseconds * interval '1 microsecond' AS starts_at)
        SELECT (extract(epoch FROM c.now) * 1000000)::bigint AS now_microseconds,
               (SELECT (extract(epoch FROM l.starts_at) * 1000000)::bigint FROM leased l) AS starts_at_microseconds,
               (extract(epoch FROM greatest(b.booked_until, b.paused_until, c.now)) * 1000000)::bigint AS booked_until_microseconds
        FROM bulkrefunds.klarna_rate_budget b, clock c
        WHERE b.account = @Account AND b.endpoint = @Endpoint
        """;

    private const string PauseSql = """
        UPDATE bulkrefunds.klarna_rate_budget
        SET paused_until = greatest(paused_until, clock_timestamp() + @PauseMicroseconds * interval '1 microsecond')
        WHERE account = @Account AND endpoint = @Endpoint
        """;

    /// <summary>
    /// Books <paramref name="leaseMicroseconds"/> of the account's schedule when less than
    /// <paramref name="aheadMicroseconds"/> is booked ahead of now; the row is created on first use.
    /// </summary>
    public async Task<BudgetLease> LeaseAsync(AccountEndpoint account, long leaseMicroseconds, long aheadMicroseconds, CancellationToken cancellationToken)
    {
        var parameters = new { account.Account, account.Endpoint, LeaseMicroseconds = leaseMicroseconds, AheadMicroseconds = aheadMicroseconds };
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var lease = await connection.QuerySingleOrDefaultAsync<BudgetLease>(new CommandDefinition(LeaseSql, parameters, cancellationToken: cancellationToken));
        if (lease is not null)
        {
            return lease;
        }

        await connection.ExecuteAsync(new CommandDefinition(EnsureSql, parameters, cancellationToken: cancellationToken));
        return await connection.QuerySingleAsync<BudgetLease>(new CommandDefinition(LeaseSql, parameters, cancellationToken: cancellationToken));
    }

    /// <summary>No slot of the account starts for any worker until <paramref name="pauseMicroseconds"/> from now.</summary>
    public async Task PauseAsync(AccountEndpoint account, long pauseMicroseconds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(PauseSql,
            new { account.Account, account.Endpoint, PauseMicroseconds = pauseMicroseconds }, cancellationToken: cancellationToken));
    }
}
