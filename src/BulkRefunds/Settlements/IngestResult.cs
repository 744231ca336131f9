namespace BulkRefunds.Settlements;

/// <summary>What one ingest of an account fetched: its window, payouts listed, payouts newly stored, transactions read and newly stored.</summary>
public sealed record IngestResult(string Account, DateTimeOffset From, DateTimeOffset To, int PayoutsListed, int PayoutsStored,
    long TransactionsRead, long TransactionsStored);
