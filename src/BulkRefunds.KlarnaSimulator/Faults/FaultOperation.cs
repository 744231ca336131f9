namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>The operations faults can hit (wire names get_order, refund, release).</summary>
public enum FaultOperation
{
    /// <summary>GET order: every kind except those that act after applying (a GET applies nothing).</summary>
    GetOrder,

    /// <summary>POST …/refunds.</summary>
    Refund,

    /// <summary>POST …/release-remaining-authorization.</summary>
    Release,
}
