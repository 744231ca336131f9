namespace BulkRefunds.KlarnaSimulator.Settlements;

/// <summary>
/// What tests and benchmarks change about the settlements the simulator derives from its ledger: refunds withheld from
/// payouts, transactions the tool never made (foreign or Klarna-originated returns), and generated bulk returns.
/// Over HTTP: /_sim/settlements (docs/simulator.md).
/// </summary>
public sealed class SettlementBook
{
    private readonly Lock gate = new();
    private readonly HashSet<string> withheld = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<SettlementTransaction> added = [];
    private readonly List<SyntheticReturns> generated = [];

    /// <summary>The refund never appears in a payout (Klarna has not settled it).</summary>
    public void Withhold(string refundId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refundId);
        lock (gate)
        {
            withheld.Add(refundId);
        }
    }

    /// <summary>Books a transaction the ledger does not hold, e.g. a refund made elsewhere or a PAYMENT_DEFAULT return.</summary>
    public void Add(SettlementTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        lock (gate)
        {
            added.Add(transaction);
        }
    }

    /// <summary>Adds a generated batch (its <see cref="SyntheticReturns.Batch"/> is assigned here) and returns it.</summary>
    public SyntheticReturns Generate(long count, DateOnly from, DateOnly to, string currency)
    {
        if (count < 1 || to < from)
        {
            throw new ArgumentException("A batch needs at least one transaction and from ≤ to.");
        }

        lock (gate)
        {
            var batch = new SyntheticReturns(count, from, to, currency, generated.Count + 1);
            generated.Add(batch);
            return batch;
        }
    }

    /// <summary>Drops every withholding, added transaction and generated batch.</summary>
    public void Clear()
    {
        lock (gate)
        {
            withheld.Clear();
            added.Clear();
            generated.Clear();
        }
    }

    internal SettlementBookSnapshot Snapshot()
    {
        lock (gate)
        {
            return new SettlementBookSnapshot([.. withheld], [.. added], [.. generated]);
        }
    }
}
