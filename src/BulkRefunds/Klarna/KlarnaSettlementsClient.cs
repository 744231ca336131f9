namespace BulkRefunds.Klarna;

/// <summary>
/// Klarna's Settlements API v1 for one merchant account (settlements-contract.md). PLACEHOLDER: the signatures the
/// settlements room builds against while the client is written (issue 15); replaced by the real client.
/// </summary>
public sealed class KlarnaSettlementsClient
{
    /// <summary>Every payout whose payout_date lies in [from, to] (UTC), following pagination to the end.</summary>
    public IAsyncEnumerable<KlarnaPayout> GetPayoutsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The Settlements client is not written yet.");

    /// <summary>Every transaction of one payout, following pagination to the end.</summary>
    public IAsyncEnumerable<KlarnaSettlementTransaction> GetTransactionsAsync(string paymentReference, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The Settlements client is not written yet.");
}
