namespace BulkRefunds.Reports;

/// <summary>Rows per status and money per currency (never summed across currencies).</summary>
public sealed record ReportSummary(
    Guid ManifestId,
    string FileName,
    string Sha256,
    int Rows,
    IReadOnlyDictionary<string, int> RowsByStatus,
    IReadOnlyList<CurrencyTotals> Currencies,
    IReadOnlyDictionary<string, int> FailuresByErrorCode,
    ReportTimings Timings)
{
    /// <summary>Rows whose outcome an operator recorded from Klarna's portal (resolved by hand; their note says by whom).</summary>
    public int RowsResolvedByHand { get; init; }

    /// <summary>Set by <c>--verify</c>: what Klarna's GET order says against what we recorded.</summary>
    public ReportVerification? Verification { get; init; }
}

/// <summary>When the manifest arrived, when its first row was claimed, when its last row ended (UTC, ISO 8601).</summary>
public sealed record ReportTimings(string UploadedAt, string? FirstAttemptAt, string? LastCompletedAt, string? CompletedAt);

/// <summary>Orders checked against Klarna and every difference found.</summary>
public sealed record ReportVerification(int OrdersChecked, IReadOnlyList<VerificationMismatch> Mismatches)
{
    /// <summary>When the check ran (UTC, ISO 8601): a rewrite of the report keeps the findings, which may predate it.</summary>
    public string? VerifiedAt { get; init; }
}

public sealed record VerificationMismatch(string OrderId, string Problem);

/// <summary>Requested, refunded and not refunded amounts of one currency, in minor units and as decimals.</summary>
public sealed record CurrencyTotals(string Currency, long RequestedMinor, long RefundedMinor, long NotRefundedMinor,
    string Requested, string Refunded, string NotRefunded);
