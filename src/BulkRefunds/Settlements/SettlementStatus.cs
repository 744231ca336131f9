namespace BulkRefunds.Settlements;

/// <summary>
/// Where a refund row (or a return nobody asked for) stands in Klarna's settlements. Stored as text by
/// <see cref="SettlementStatusText"/>; only <see cref="Settled"/> and <see cref="AmountDiffers"/> are stored at all.
/// </summary>
public enum SettlementStatus
{
    /// <summary>The row's matched returns add up to its refund (absolute values).</summary>
    Settled,

    /// <summary>Returns were matched to the row but add up to another amount.</summary>
    AmountDiffers,

    /// <summary>No return matched yet, and the refund is younger than Settlements:OverdueAfterDays.</summary>
    NotYetSettled,

    /// <summary>No return matched and the refund is older than Settlements:OverdueAfterDays.</summary>
    Overdue,

    /// <summary>A merchant RETURN on an order of ours that matches no row: a refund made elsewhere, or a second one.</summary>
    UnexpectedReturn,

    /// <summary>A return Klarna registered itself (RETURN/PAYMENT_DEFAULT, or any REVERSAL): nothing we did.</summary>
    KlarnaOriginated,
}
