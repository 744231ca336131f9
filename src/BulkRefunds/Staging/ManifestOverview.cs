namespace BulkRefunds.Staging;

/// <summary>A manifest with its rows per state and its money per currency (never summed across currencies).</summary>
public sealed record ManifestOverview(ManifestRecord Manifest, IReadOnlyDictionary<string, int> RowsByState, IReadOnlyList<CurrencyAmounts> Currencies)
{
    public const string AwaitingApproval = "awaiting_approval";
    public const string InProgress = "in_progress";
    public const string Complete = "complete";

    public int TotalRows => RowsByState.Values.Sum();

    /// <summary>Rows whose outcome is decided (everything but staged and sending).</summary>
    public int FinalRows => TotalRows - RowState.Open.Sum(state => RowsByState.GetValueOrDefault(state));

    public string Status => Manifest.AwaitingApproval ? AwaitingApproval : Manifest.CompletedAt is null ? InProgress : Complete;
}

/// <summary>Requested and refunded amounts of one currency, minor units.</summary>
public sealed record CurrencyAmounts(string Currency, long RequestedMinor, long RefundedMinor);
