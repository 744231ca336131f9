using System.Globalization;
using BulkRefunds.Host;
using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.KlarnaSimulator.Traffic;
using BulkRefunds.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Tests.Klarna;

/// <summary>
/// One merchant budget for however many workers (issue 16): two started hosts on one database send GET order calls as
/// fast as their budget lets them to a simulator that answers 429 above <see cref="Cap"/>/s, and the simulator's traffic
/// meter says what Klarna would have seen (its one-second windows, which are what the limit enforces; the sliding
/// window is the dispatch benchmark's figure, since a loaded test machine moves arrivals by more than a slot).
/// Each host is configured with the account's full rate.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SharedRateBudgetTests(PostgresFixture postgres)
{
    private const int Cap = 40;

    // The budget aims at 97 % of the cap, but a host that wakes up late lets its slot go rather than crowd the next ones,
    // so a starved machine uses less (0.72 seen at load 27 on two cores with a build alongside). The old per-server share
    // gave an idle or killed worker's half away: 0.5.
    private const decimal MinimumShare = 0.8m;
    private const string FirstOrder = "7719051f-0b8c-5afc-a864-0c56fe04ef32";
    private const string SecondOrder = "1d3491c3-2408-5f51-9f6c-8562933ee292";

    [Fact]
    public async Task GetOrderAsync_TwoBusyWorkers_TogetherStayUnderTheCapAndUseNearlyAllOfIt()
    {
        await using var fleet = await Fleet.StartAsync(postgres, "budget_both_busy");

        var sent = await Task.WhenAll(fleet.BusyAsync(fleet.First, FirstOrder, TimeSpan.FromSeconds(20)),
            fleet.BusyAsync(fleet.Second, SecondOrder, TimeSpan.FromSeconds(20)));

        var stats = fleet.Stats();
        AssertNeverAboveTheCap(stats);
        Assert.InRange(AdmittedPerFullSecond(stats), MinimumShare * Cap, Cap);
        Assert.All(sent, count => Assert.True(count * 4 >= sent.Sum(), $"Each worker should have had a fair part of the budget: {string.Join('/', sent)}."));
    }

    [Fact]
    public async Task GetOrderAsync_OneWorkerIdle_TheBusyOneGetsTheWholeBudget()
    {
        await using var fleet = await Fleet.StartAsync(postgres, "budget_one_idle");

        await fleet.BusyAsync(fleet.First, FirstOrder, TimeSpan.FromSeconds(8));

        // Two live servers once meant half the budget each, busy or not.
        var stats = fleet.Stats();
        AssertNeverAboveTheCap(stats);
        Assert.InRange(AdmittedPerFullSecond(stats), MinimumShare * Cap, Cap);
    }

    [Fact]
    public async Task GetOrderAsync_A429SeenByOneWorker_PausesBothUntilItsRetryAfter()
    {
        await using var fleet = await Fleet.StartAsync(postgres, "budget_429_pauses_all");
        fleet.Simulator.Server.State.Faults.Enqueue(FirstOrder,
            new FaultSpec(FaultKind.RateLimited) { Operation = FaultOperation.GetOrder, RetryAfterSeconds = 5 });
        DateTimeOffset? limitedAt = null;

        await Task.WhenAll(
            fleet.BusyAsync(fleet.First, FirstOrder, TimeSpan.FromSeconds(11), outcome => limitedAt ??= outcome is KlarnaFailure { HttpStatus: 429 } ? TimeProvider.System.GetUtcNow() : null),
            fleet.BusyAsync(fleet.Second, SecondOrder, TimeSpan.FromSeconds(11)));

        // The pause was stored before the caller saw the 429, so it lasts until at least 5 s before limitedAt (less a
        // busy host's delay). Slots the second worker had already booked (a fifth of a second at most) may still go out,
        // so the whole seconds 2 and 3 after it are silent, and the 6th and 7th after it are past the pause (on a loaded
        // host the first of them once had only 16: the workers wake from their wait late).
        var second = Assert.NotNull(limitedAt).ToUnixTimeSeconds();
        var stats = fleet.Stats();
        var seen = string.Join(' ', Enumerable.Range(-1, 9).Select(offset => $"{offset:+0;-0}:{Admitted(stats, second + offset)}"));
        Assert.True(Admitted(stats, second + 2) == 0 && Admitted(stats, second + 3) == 0, $"Requests during the pause (seconds after the 429): {seen}.");
        Assert.True(Math.Max(Admitted(stats, second + 6), Admitted(stats, second + 7)) >= MinimumShare * Cap, $"Both should be back at the full budget after the pause: {seen}.");
        AssertNeverAboveTheCap(stats);
    }

    [Fact]
    public async Task GetOrderAsync_WorkerKilledMidRun_TheOtherReusesItsBudgetWithinTwoSeconds()
    {
        await using var fleet = await Fleet.StartAsync(postgres, "budget_killed_worker");
        using var kill = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var survivorUntil = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(11);

        var survivor = fleet.BusyAsync(fleet.Second, SecondOrder, TimeSpan.FromSeconds(11));
        await fleet.BusyAsync(fleet.First, FirstOrder, TimeSpan.FromSeconds(11), cancellationToken: kill.Token);
        var killedAt = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        await fleet.StopFirstAsync(); // nothing of its leases is given back
        await survivor;

        // Whole seconds from 2 s after the kill until the survivor stopped (a busy host may stop the first one late).
        var after = Enumerable.Range(2, 5).Select(offset => killedAt + offset).Where(second => second + 1 <= survivorUntil.ToUnixTimeSeconds()).ToList();
        var stats = fleet.Stats();
        AssertNeverAboveTheCap(stats);
        Assert.True(after.Count >= 2, $"The survivor ran too briefly after the kill at {killedAt} to tell (until {survivorUntil}).");
        Assert.All(after, second =>
            Assert.True(Admitted(stats, second) >= MinimumShare * Cap, $"Second {second}: {Admitted(stats, second)}/s after the kill at {killedAt}."));
    }

    // No 429 for exceeding the limit, and no one-second window that even asked for more than the cap.
    private static void AssertNeverAboveTheCap(SimulatorStats stats)
    {
        Assert.Equal(0, stats.RateLimited);
        Assert.InRange(stats.MaxRequestsPerSecond, 1, Cap);
    }

    private static int Admitted(SimulatorStats stats, long second) =>
        stats.BySecond.TryGetValue(second.ToString(CultureInfo.InvariantCulture), out var counts) ? counts.Admitted : 0;

    // The first and last second of a run are partial.
    private static decimal AdmittedPerFullSecond(SimulatorStats stats)
    {
        var seconds = stats.BySecond.Keys.Select(key => long.Parse(key, CultureInfo.InvariantCulture)).Order().ToList();
        var full = seconds.Skip(1).SkipLast(1).ToList();
        return full.Sum(second => Admitted(stats, second)) / (decimal)full.Count;
    }

    private sealed class Fleet(Simulator simulator, AppHost first, AppHost second, TempFolder folder) : IAsyncDisposable
    {
        private bool firstDisposed;

        public Simulator Simulator => simulator;

        public AppHost First => first;

        public AppHost Second => second;

        public static async Task<Fleet> StartAsync(PostgresFixture postgres, string purpose)
        {
            var simulator = await Simulator.StartAsync(options => options.RateLimitPerSecond = Cap);
            var database = await postgres.CreateDatabaseAsync(purpose);
            var folder = new TempFolder();
            var settings = new Dictionary<string, string?> { ["Klarna:Accounts:default:RequestsPerSecond"] = Cap.ToString(CultureInfo.InvariantCulture) };
            var first = await TestApp.StartWorkerAsync(database, simulator, folder.Path, settings);
            var second = await TestApp.StartWorkerAsync(database, simulator, folder.Path, settings);
            simulator.Server.State.ResetStats();
            return new Fleet(simulator, first, second, folder);
        }

        public async Task StopFirstAsync()
        {
            firstDisposed = true;
            await first.DisposeAsync();
        }

        public SimulatorStats Stats() => simulator.Server.State.GetStats();

        /// <summary>Eight callers asking for <paramref name="orderId"/> back to back: more than the budget allows.</summary>
        public async Task<int> BusyAsync(AppHost worker, string orderId, TimeSpan duration, Action<KlarnaOutcome>? seen = null,
            CancellationToken cancellationToken = default)
        {
            var client = worker.Services.GetRequiredService<KlarnaAccounts>().Get("default");
            var until = TimeProvider.System.GetUtcNow() + duration;
            var sent = 0;
            await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            {
                while (TimeProvider.System.GetUtcNow() < until && !cancellationToken.IsCancellationRequested)
                {
                    try
                    {
                        var outcome = await client.GetOrderAsync(orderId, cancellationToken);
                        seen?.Invoke(outcome);
                        Interlocked.Increment(ref sent);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        return;
                    }
                }
            }));
            return sent;
        }

        public async ValueTask DisposeAsync()
        {
            if (!firstDisposed)
            {
                await first.DisposeAsync();
            }

            await second.DisposeAsync();
            await simulator.DisposeAsync();
            folder.Dispose();
        }
    }
}
