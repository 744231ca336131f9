namespace BulkRefunds.Tests.Settlements;

/// <summary>A succeeded refund row as dispatch left it: what Klarna's settlements should carry back.</summary>
internal sealed record RefundRow(Guid ManifestId, int LineNumber, string OrderId, string RefundId, long AmountMinor, string Currency,
    string SentReference, DateTimeOffset CompletedAt);
