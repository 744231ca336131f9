using BulkRefunds.Staging;

namespace BulkRefunds.Reports;

/// <summary>
/// A manifest with its rows per state, its money per currency (never summed across currencies) and every approval
/// it has been given (oldest first).
/// </summary>
public sealed record ManifestOverview(
    ManifestRecord Manifest, IReadOnlyDictionary<RowState, int> RowsByState, IReadOnlyList<CurrencyAmounts> Currencies, IReadOnlyList<ManifestApproval> Approvals)
{
    public const string AwaitingApproval = "awaiting_approval";
    public const string InProgress = "in_progress";
    public const string Complete = "complete";

    public int TotalRows => RowsByState.Values.Sum();

    /// <summary>When rows last changed state or money (the counters' time); a report file written before it is stale.</summary>
    public DateTimeOffset? RowsChangedAt { get; init; }

    /// <summary>Refunds Klarna's settlements carry at their amount, of the manifest's succeeded refunds; null before any matched.</summary>
    public (int Settled, int Of)? SettledRefunds { get; init; }

    /// <summary>"settled 3 of 4" once settlements matched any refund of the manifest; null before.</summary>
    public string? SettlementProgress => SettledRefunds is { } settled ? $"settled {settled.Settled} of {settled.Of}" : null;

    /// <summary>Rows whose outcome is decided (everything but staged and sending).</summary>
    public int FinalRows => TotalRows - RowStates.Open.Sum(state => RowsByState.GetValueOrDefault(state));

    /// <summary>"1 of 2 approvals" for a manifest that needs approval; null when none is needed.</summary>
    public string? ApprovalProgress => Manifest.ApprovalRequired
        ? $"{Approvals.Count} of {Manifest.ApprovalsRequired} approval{(Manifest.ApprovalsRequired == 1 ? "" : "s")}"
        : null;

    public string Status => Manifest.AwaitingApproval ? AwaitingApproval : Manifest.CompletedAt is null ? InProgress : Complete;
}

/// <summary>Requested and refunded amounts of one currency, minor units.</summary>
public sealed record CurrencyAmounts(string Currency, long RequestedMinor, long RefundedMinor);
