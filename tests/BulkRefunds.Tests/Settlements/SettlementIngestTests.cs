using System.Globalization;
using BulkRefunds.Host;
using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.Settlements;
using BulkRefunds.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static BulkRefunds.Tests.Settlements.SettlementEndToEndTests;

namespace BulkRefunds.Tests.Settlements;

/// <summary>SettlementIngest through the real Settlements client against the simulator: pages, window, faults, resumption.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SettlementIngestTests(PostgresFixture postgres)
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    [Fact]
    public async Task RunAsync_1203TransactionsOverThreePages_StoredExactlyOnceAndNothingOnTheSecondRun()
    {
        await using var setup = await Setup.StartAsync(postgres, "ingest_pages");
        await Generate(setup.Simulator, 1203, Today.AddDays(-1));

        var first = await setup.Ingest().RunAsync("default", null, null, default);
        var second = await setup.Ingest().RunAsync("default", null, null, default);

        Assert.Equal((1, 1, 1203L, 1203L), (first.PayoutsListed, first.PayoutsStored, first.TransactionsRead, first.TransactionsStored));
        Assert.Equal((1, 0, 0L, 0L), (second.PayoutsListed, second.PayoutsStored, second.TransactionsRead, second.TransactionsStored));
        Assert.Equal((1L, 1203L, 1203L), (await setup.CountAsync("settlement_payout"), await setup.CountAsync("settlement_transaction"),
            await setup.CountAsync("settlement_transaction", "DISTINCT refund_id")));
    }

    [Fact]
    public async Task RunAsync_NoFrom_FirstRunLooksBackLookbackDaysThenFromTheWatermarkMinusOverlap()
    {
        await using var setup = await Setup.StartAsync(postgres, "ingest_window");
        var now = TimeProvider.System.GetUtcNow();
        await Generate(setup.Simulator, 10, Today.AddDays(-70));
        await Generate(setup.Simulator, 10, Today.AddDays(-10));

        var first = await setup.Ingest(now).RunAsync("default", null, null, default);
        await Generate(setup.Simulator, 5, Today.AddDays(-12));
        await Generate(setup.Simulator, 5, Today.AddDays(-20));
        var second = await setup.Ingest(now).RunAsync("default", null, null, default);

        var watermark = new DateTimeOffset(Today.AddDays(-10).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        Assert.Equal((now.AddDays(-60), now, 1, 10L), (first.From, first.To, first.PayoutsStored, first.TransactionsStored));
        // The -12 payout is within the 3 days of overlap and stored; the -20 one lies before the window and is not asked for.
        Assert.Equal((watermark.AddDays(-3), 2, 1, 5L), (second.From, second.PayoutsListed, second.PayoutsStored, second.TransactionsStored));
        Assert.Equal(["SIM" + Today.AddDays(-12).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "EUR", "SIM" + Today.AddDays(-10).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "EUR"],
            await setup.PayoutsAsync());
    }

    [Fact]
    public async Task RunAsync_ServerErrorsAndRateLimitBetweenPages_RetriedAndComplete()
    {
        await using var setup = await Setup.StartAsync(postgres, "ingest_transient");
        await Generate(setup.Simulator, 1203, Today.AddDays(-1));
        await SkipPagesThen(setup.Simulator, 1, new { kind = "error_503", operation = "get_transactions", times = 2 });
        await PostAsync(setup.Simulator, "_sim/faults", new { kind = "rate_limited", operation = "get_transactions", retry_after_seconds = 1 });

        var result = await setup.Ingest().RunAsync("default", null, null, default);

        var injected = setup.Simulator.Server.State.Faults.InjectedCounts();
        Assert.Equal((2L, 1L), (injected.GetValueOrDefault(FaultKind.Error503), injected.GetValueOrDefault(FaultKind.RateLimited)));
        Assert.Equal((1, 1203L), (result.PayoutsStored, result.TransactionsStored));
        Assert.Equal(1203L, await setup.CountAsync("settlement_transaction", "DISTINCT refund_id"));
    }

    [Fact]
    public async Task RunAsync_PersistentServerErrorMidPayout_PayoutNotStoredUntilALaterRunCompletesIt()
    {
        await using var setup = await Setup.StartAsync(postgres, "ingest_resume");
        await Generate(setup.Simulator, 2203, Today.AddDays(-1));
        // Four pages (one batch of 2,000 lines, written) go through; every attempt at the fifth fails.
        await SkipPagesThen(setup.Simulator, 4, new { kind = "error_500", operation = "get_transactions", times = SettlementsRetry.Default.MaxAttempts });

        var failure = await Assert.ThrowsAsync<KlarnaSettlementsException>(() => setup.Ingest().RunAsync("default", null, null, default));
        var (payoutsAfterFailure, linesAfterFailure) = (await setup.CountAsync("settlement_payout"), await setup.CountAsync("settlement_transaction"));
        var resumed = await setup.Ingest().RunAsync("default", null, null, default);

        Assert.Equal(500, failure.HttpStatus);
        Assert.Contains("gave up after 5 attempts", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("<", failure.Message, StringComparison.Ordinal);
        Assert.Equal((0L, 2000L), (payoutsAfterFailure, linesAfterFailure));
        Assert.Equal((1, 2203L, 203L), (resumed.PayoutsStored, resumed.TransactionsRead, resumed.TransactionsStored));
        Assert.Equal((1L, 2203L), (await setup.CountAsync("settlement_payout"), await setup.CountAsync("settlement_transaction", "DISTINCT refund_id")));
    }

    private static Task Generate(Simulator simulator, int transactions, DateOnly day) =>
        PostAsync(simulator, "_sim/settlements/generate", new { transactions, from = day, to = day, currency = "EUR" });

    // The simulator's fault queue is looked at by its head only: a 1 ms latency fault per page lets that many pages
    // through untouched before the fault behind it acts, so a fault lands between pages of one payout.
    private static async Task SkipPagesThen(Simulator simulator, int pages, object fault)
    {
        await PostAsync(simulator, "_sim/faults", new { kind = "latency", operation = "get_transactions", latency_ms = 1, times = pages });
        await PostAsync(simulator, "_sim/faults", fault);
    }

    private sealed class Setup(Simulator simulator, TempFolder folder, AppHost app, string connectionString) : IAsyncDisposable
    {
        public Simulator Simulator => simulator;

        public static async Task<Setup> StartAsync(PostgresFixture postgres, string purpose)
        {
            var simulator = await Simulator.StartAsync();
            var folder = new TempFolder();
            var connectionString = await postgres.CreateDatabaseAsync(purpose);
            return new Setup(simulator, folder, await TestApp.CreateWorkerAsync(connectionString, simulator, folder.Path), connectionString);
        }

        /// <summary>The room's ingest on the host's accounts and store, with the default options, on the system clock or a fixed one.</summary>
        public SettlementIngest Ingest(DateTimeOffset? clock = null) => new(app.Services.GetRequiredService<KlarnaAccounts>(),
            app.Services.GetRequiredService<SettlementStore>(), Options.Create(new SettlementOptions()),
            clock is { } fixedAt ? new FakeTimeProvider(fixedAt) : TimeProvider.System, NullLogger<SettlementIngest>.Instance);

        public async Task<long> CountAsync(string table, string what = "*")
        {
            await using var connection = new NpgsqlConnection(connectionString);
            return await connection.ExecuteScalarAsync<long>($"SELECT count({what}) FROM bulkrefunds.{table}");
        }

        public async Task<List<string>> PayoutsAsync()
        {
            await using var connection = new NpgsqlConnection(connectionString);
            return [.. await connection.QueryAsync<string>("SELECT payment_reference FROM bulkrefunds.settlement_payout ORDER BY payout_date")];
        }

        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            await simulator.DisposeAsync();
            folder.Dispose();
        }
    }
}
