using BulkRefunds.Klarna;
using BulkRefunds.KlarnaSimulator;
using BulkRefunds.KlarnaSimulator.Faults;

namespace BulkRefunds.Tests.SimulatorFaults;

/// <summary>Seeded random faults: one seed and one request order give one fault sequence, every time.</summary>
public sealed class RandomFaultTests
{
    private const int Requests = 40;

    private static readonly Dictionary<FaultKind, int> Chances = new()
    {
        [FaultKind.Error500] = 100,
        [FaultKind.Error503] = 150,
        [FaultKind.RateLimited] = 150,
    };

    [Fact]
    public async Task SetRandom_SameSeedTwice_GivesTheSameFaultSequence()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.SetRandom(42, Chances);
        var first = await StatusesAsync(sim);

        sim.State.Faults.SetRandom(42, Chances);
        var second = await StatusesAsync(sim);

        Assert.Equal(first, second);
        Assert.Contains(201, first);
        Assert.Contains(500, first);
        Assert.Contains(503, first);
        Assert.Contains(429, first);
        Assert.Equal(2 * first.Count(status => status != 201), sim.State.Faults.InjectedCounts().Values.Sum());
    }

    [Fact]
    public async Task StartAsync_SameRandomFaultsInOptions_GiveTwoSimulatorsTheSameSequence()
    {
        await using var one = await FaultSimulator.StartAsync(options => options.RandomFaults = new RandomFaults(7, Chances));
        await using var two = await FaultSimulator.StartAsync(options => options.RandomFaults = new RandomFaults(7, Chances));

        var first = await StatusesAsync(one);
        var second = await StatusesAsync(two);

        Assert.Equal(first, second);
        Assert.Contains(first, status => status != 201);
    }

    [Fact]
    public async Task SetRandom_AnotherSeed_GivesAnotherSequence()
    {
        await using var sim = await FaultSimulator.StartAsync();
        sim.State.Faults.SetRandom(42, Chances);
        var first = await StatusesAsync(sim);

        sim.State.Faults.SetRandom(43, Chances);
        var second = await StatusesAsync(sim);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void SetRandom_ChancesAddingUpToMoreThan1000_Throws()
    {
        var faults = new SimulatorState(new SimulatorOptions(), TimeProvider.System, []).Faults;

        Assert.Throws<ArgumentException>(() => faults.SetRandom(1, new Dictionary<FaultKind, int>
        {
            [FaultKind.Error500] = 600,
            [FaultKind.Error503] = 600,
        }));
    }

    // Sequential on purpose: the sequence follows request arrival order.
    private static async Task<List<int>> StatusesAsync(FaultSimulator sim)
    {
        var statuses = new List<int>();
        for (var request = 0; request < Requests; request++)
        {
            var outcome = await sim.RefundAsync(Guid.NewGuid(), amount: 10, orderId: FaultSimulator.OtherCapturedOrder);
            statuses.Add(outcome switch
            {
                KlarnaSuccess success => success.HttpStatus,
                KlarnaFailure failure => failure.HttpStatus ?? 0,
                _ => -1,
            });
        }

        return statuses;
    }
}
