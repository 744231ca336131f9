using BulkRefunds.KlarnaSimulator.Faults;
using BulkRefunds.KlarnaSimulator.Http;
using BulkRefunds.KlarnaSimulator.Json;
using BulkRefunds.KlarnaSimulator.Rules;
using BulkRefunds.KlarnaSimulator.Settlements;
using BulkRefunds.KlarnaSimulator.Traffic;

namespace BulkRefunds.KlarnaSimulator;

/// <summary>
/// The simulated merchant's orders and the ledger of applied changes. One lock guards both: checking
/// "refunded + amount ≤ captured" and applying it must be atomic, or two concurrent refunds could
/// together over-refund an order; the simulator is not a throughput benchmark.
/// </summary>
public sealed class SimulatorState
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, SimulatedOrder> orders = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<LedgerEntry> ledger = [];
    private readonly SimulatorOptions options;
    private readonly TimeProvider timeProvider;

    public SimulatorState(SimulatorOptions options, TimeProvider timeProvider, IEnumerable<SimulatedOrder> initialOrders)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(initialOrders);
        this.options = options;
        this.timeProvider = timeProvider;
        Faults = new FaultInjector(options.RandomFaults);
        Traffic = new TrafficMeter(timeProvider, options.RateLimitPerSecond);
        foreach (var order in initialOrders)
        {
            orders[order.OrderId] = order;
        }
    }

    /// <summary>Faults to inject: per order, for any order, or at random with a seed.</summary>
    public FaultInjector Faults { get; }

    internal TrafficMeter Traffic { get; }

    /// <summary>Refunds withheld from payouts, returns the tool never made, generated bulk returns (/_sim/settlements).</summary>
    public SettlementBook Settlements { get; } = new();

    /// <summary>The payouts as of now on the simulator's clock: every applied refund as a RETURN/PURCHASE_RETURN, plus the book.</summary>
    internal IReadOnlyList<SimulatedPayout> Payouts()
    {
        List<SettlementTransaction> refunds;
        lock (gate)
        {
            refunds = [.. ledger.Where(entry => entry is { Kind: LedgerEntry.RefundKind, RefundId: not null }).Select(entry => new SettlementTransaction(
                SettlementTransaction.Return, SettlementTransaction.PurchaseReturn, entry.OrderId, entry.RefundId, entry.Reference, entry.RefundedAmount,
                orders.GetValueOrDefault(entry.OrderId)?.PurchaseCurrency?.ToUpperInvariant() ?? "EUR", entry.AppliedAt))];
        }

        return SettlementPayouts.Build(refunds, Settlements.Snapshot(), options.PayoutDelay, timeProvider.GetUtcNow());
    }

    /// <summary>Requests per second and faults injected, as GET /_sim/stats shows them.</summary>
    public SimulatorStats GetStats()
        => Traffic.Stats(Faults.InjectedCounts().ToDictionary(pair => FaultNames.Of(pair.Key), pair => pair.Value, StringComparer.Ordinal));

    /// <summary>Starts the request and fault counts afresh, e.g. between benchmark runs.</summary>
    public void ResetStats()
    {
        Traffic.Reset();
        Faults.ResetCounts();
    }

    /// <summary>The order as GET order would return it, or null when unknown. Order ids match case-insensitively.</summary>
    public SimulatedOrder? FindOrder(string orderId)
    {
        lock (gate)
        {
            return orders.GetValueOrDefault(RouteOrderId(orderId));
        }
    }

    /// <summary>Creates or replaces an order (POST /_sim/orders); the ledger is not touched.</summary>
    public void UpsertOrder(SimulatedOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        lock (gate)
        {
            orders[order.OrderId] = order;
        }
    }

    /// <summary>A snapshot of every applied refund and release, in application order.</summary>
    public IReadOnlyList<LedgerEntry> GetLedger()
    {
        lock (gate)
        {
            return [.. ledger];
        }
    }

    internal SimResponse ApplyRefund(string orderId, RefundRequestBody request, string? idempotencyKey, string baseUrl)
    {
        var amount = request.RefundedAmount ?? 0;
        var lines = request.OrderLines ?? [];
        lock (gate)
        {
            if (!orders.TryGetValue(RouteOrderId(orderId), out var order))
            {
                return Errors.NoSuchOrder(RouteOrderId(orderId));
            }

            if (RefundRules.Reject(order, amount, lines, options) is { } rejection)
            {
                return SimResponse.Error(StatusCodes.Status403Forbidden, "REFUND_NOT_ALLOWED", rejection);
            }

            var now = timeProvider.GetUtcNow();
            var refund = new SimulatedRefund
            {
                RefundId = Guid.NewGuid().ToString(),
                RefundedAmount = amount,
                RefundedAt = now,
                Description = request.Description,
                Reference = request.Reference,
                OrderLines = lines,
            };
            orders[order.OrderId] = order with
            {
                RefundedAmount = order.RefundedAmount + amount,
                Refunds = [.. order.Refunds, refund],
                Captures = RefundAllocation.Apply(order.Captures, amount, lines),
            };
            ledger.Add(new LedgerEntry(
                LedgerEntry.RefundKind, order.OrderId, refund.RefundId, idempotencyKey, amount, request.Reference, now));
            return SimResponse.Empty(
                StatusCodes.Status201Created,
                new(KlarnaHeaders.Location, $"{baseUrl}ordermanagement/v1/orders/{Uri.EscapeDataString(order.OrderId)}/refunds/{refund.RefundId}"),
                new(KlarnaHeaders.RefundId, refund.RefundId),
                new(KlarnaHeaders.TransactionId, Guid.NewGuid().ToString()));
        }
    }

    internal SimResponse ReleaseRemainingAuthorization(string orderId, string? idempotencyKey)
    {
        lock (gate)
        {
            if (!orders.TryGetValue(RouteOrderId(orderId), out var order))
            {
                return Errors.NoSuchOrder(RouteOrderId(orderId));
            }

            if (ReleaseRules.Reject(order) is { } rejection)
            {
                return SimResponse.Error(StatusCodes.Status403Forbidden, "NOT_ALLOWED", rejection);
            }

            var now = timeProvider.GetUtcNow();
            orders[order.OrderId] = order with { RemainingAuthorizedAmount = 0, Status = OrderStatus.Captured };
            ledger.Add(new LedgerEntry(LedgerEntry.ReleaseKind, order.OrderId, null, idempotencyKey, 0, null, now));
            return SimResponse.Empty(StatusCodes.Status204NoContent);
        }
    }

    // ASP.NET Core decodes every escape in a route value except %2F (so a path cannot gain segments);
    // Klarna's order ids are opaque, so an escaped '/' is part of the id.
    internal static string RouteOrderId(string orderId) => orderId.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
}
