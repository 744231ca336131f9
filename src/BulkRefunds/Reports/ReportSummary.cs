namespace BulkRefunds.Reports;

/// <summary>Rows per status and money per currency (never summed across currencies).</summary>
public sealed record ReportSummary(
    Guid ManifestId,
    string FileName,
    string Sha256,
    int Rows,
    IReadOnlyDictionary<string, int> RowsByStatus,
    IReadOnlyList<CurrencyTotals> Currencies,
    IReadOnlyDictionary<string, int> FailuresByErrorCode);

/// <summary>Requested, refunded and not refunded amounts of one currency, in minor units and as decimals.</summary>
public sealed record CurrencyTotals(string Currency, long RequestedMinor, long RefundedMinor, long NotRefundedMinor,
    string Requested, string Refunded, string NotRefunded);
