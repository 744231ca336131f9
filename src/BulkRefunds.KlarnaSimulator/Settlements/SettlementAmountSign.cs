namespace BulkRefunds.KlarnaSimulator.Settlements;

/// <summary>
/// The sign of a RETURN/REVERSAL transaction's amount on the wire. Klarna's JSON sign is unconfirmed (settlements-contract.md
/// §5.2; unsigned magnitudes are inferred), so the simulator can send either and clients are tested against both.
/// Payout totals are magnitudes either way.
/// </summary>
public enum SettlementAmountSign
{
    Positive,
    Negative,
}
