namespace BulkRefunds.KlarnaSimulator.Faults;

/// <summary>The operations faults can hit (wire names get_order, refund, release, get_payouts, get_payout, get_transactions).</summary>
public enum FaultOperation
{
    /// <summary>GET order: every kind except those that act after applying (a GET applies nothing).</summary>
    GetOrder,

    /// <summary>POST …/refunds.</summary>
    Refund,

    /// <summary>POST …/release-remaining-authorization.</summary>
    Release,

    /// <summary>GET /settlements/v1/payouts. Settlements routes have no order: faults reach them from the any-order queue or at random.</summary>
    GetPayouts,

    /// <summary>GET /settlements/v1/payouts/{payment_reference}.</summary>
    GetPayout,

    /// <summary>GET /settlements/v1/transactions.</summary>
    GetTransactions,
}
