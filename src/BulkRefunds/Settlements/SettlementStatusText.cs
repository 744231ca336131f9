namespace BulkRefunds.Settlements;

/// <summary>The text of each <see cref="SettlementStatus"/>, as the database, the reports and the CLI write it.</summary>
public static class SettlementStatusText
{
    public static string Of(SettlementStatus status) => status switch
    {
        SettlementStatus.Settled => "settled",
        SettlementStatus.AmountDiffers => "amount_differs",
        SettlementStatus.NotYetSettled => "not_yet_settled",
        SettlementStatus.Overdue => "overdue",
        SettlementStatus.UnexpectedReturn => "unexpected_return",
        SettlementStatus.KlarnaOriginated => "klarna_originated",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static SettlementStatus Parse(string text) =>
        Enum.GetValues<SettlementStatus>().FirstOrDefault(status => Of(status) == text) is var status && Of(status) == text
            ? status
            : throw new FormatException($"Unknown settlement status '{text}'.");

    /// <summary>The statuses a person must look at: the CLI exits 2 when any row has one.</summary>
    public static bool NeedsAttention(SettlementStatus status) =>
        status is SettlementStatus.Overdue or SettlementStatus.AmountDiffers or SettlementStatus.UnexpectedReturn;
}
