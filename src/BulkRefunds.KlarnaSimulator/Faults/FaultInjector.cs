using BulkRefunds.KlarnaSimulator.Json;

namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>
/// Chooses the fault, if any, for each request to a fault point: the head of the order's own queue, else the
/// head of the any-order queue, else the seeded random draw. One lock, so queue consumption and the random
/// sequence follow request arrival order and a sequential run is repeatable.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Queue<PendingFault>> byOrder = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<PendingFault> anyOrder = new();
    private readonly Dictionary<FaultKind, long> injected = [];
    private RandomFaults? random;
    private Random? generator;

    internal FaultInjector(RandomFaults? random)
    {
        if (random is not null)
        {
            SetRandom(random);
        }
    }

    /// <summary>Queues a fault for requests to one order (ids match case-insensitively, like orders do).</summary>
    public void Enqueue(string orderId, FaultSpec fault)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentNullException.ThrowIfNull(fault);
        fault.ThrowIfInvalid();
        lock (gate)
        {
            if (!byOrder.TryGetValue(orderId, out var queue))
            {
                byOrder[orderId] = queue = new Queue<PendingFault>();
            }

            queue.Enqueue(new PendingFault(orderId, fault));
        }
    }

    /// <summary>Queues a fault for the next requests to any order (after that order's own queue).</summary>
    public void EnqueueForAnyOrder(FaultSpec fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        fault.ThrowIfInvalid();
        lock (gate)
        {
            anyOrder.Enqueue(new PendingFault(null, fault));
        }
    }

    /// <summary>Starts (or restarts, from the seed's first number) seeded random faults.</summary>
    public void SetRandom(RandomFaults faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        faults.ThrowIfInvalid();
        lock (gate)
        {
            // A copy: a caller changing its dictionary later must not change a running sequence.
            random = faults with { PerMille = new Dictionary<FaultKind, int>(faults.PerMille) };
            generator = new Random(faults.Seed);
        }
    }

    public void SetRandom(int seed, IReadOnlyDictionary<FaultKind, int> perMille) => SetRandom(new RandomFaults(seed, perMille));

    /// <summary>Drops every queued fault and stops random faults; counts of injected faults are kept.</summary>
    public void Clear()
    {
        lock (gate)
        {
            byOrder.Clear();
            anyOrder.Clear();
            random = null;
            generator = null;
        }
    }

    /// <summary>How many faults of each kind requests have received so far.</summary>
    public IReadOnlyDictionary<FaultKind, long> InjectedCounts()
    {
        lock (gate)
        {
            return new Dictionary<FaultKind, long>(injected);
        }
    }

    internal void ResetCounts()
    {
        lock (gate)
        {
            injected.Clear();
        }
    }

    internal FaultsSnapshot Snapshot()
    {
        lock (gate)
        {
            var pending = byOrder.Values.SelectMany(queue => queue).Concat(anyOrder)
                .Select(fault => FaultRequestBody.From(fault.OrderId, fault.Spec, fault.Remaining));
            return new FaultsSnapshot([.. pending], random is null ? null : RandomFaultsBody.From(random));
        }
    }

    /// <param name="orderId">Null for routes without an order (settlements): only the any-order queue and random faults apply.</param>
    internal FaultSpec? Next(string? orderId, FaultOperation operation)
    {
        lock (gate)
        {
            var fault = Take(orderId is null ? null : byOrder.GetValueOrDefault(orderId), operation) ?? Take(anyOrder, operation);
            if (fault is null && generator is not null && random?.Draw(generator) is { } drawn && drawn.AppliesTo(operation))
            {
                fault = drawn;
            }

            if (fault is not null)
            {
                injected[fault.Kind] = injected.GetValueOrDefault(fault.Kind) + 1;
            }

            return fault;
        }
    }

    // Only the head is looked at: faults for one order hit its requests strictly in the order they were queued.
    private FaultSpec? Take(Queue<PendingFault>? queue, FaultOperation operation)
    {
        if (queue is null || !queue.TryPeek(out var head) || !head.Spec.AppliesTo(operation))
        {
            return null;
        }

        if (--head.Remaining == 0)
        {
            queue.Dequeue();
            if (queue.Count == 0 && head.OrderId is not null)
            {
                byOrder.Remove(head.OrderId);
            }
        }

        return head.Spec;
    }
}
