using BulkRefunds.Manifests;
using BulkRefunds.Staging;

namespace BulkRefunds.Reports;

/// <summary>One manifest row as the manifest page and the search show it: what was asked, where it stands, and Klarna's answer.</summary>
public sealed record ManifestRowView
{
    public required long RowId { get; init; }

    public required int LineNumber { get; init; }

    public required string Account { get; init; }

    public required ManifestAction Action { get; init; }

    public required string OrderId { get; init; }

    public string? Reference { get; init; }

    public string? Currency { get; init; }

    public long? AmountMinor { get; init; }

    public required RowState State { get; init; }

    public string? RefundId { get; init; }

    public int? HttpStatus { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public string? CorrelationId { get; init; }

    public required int Attempts { get; init; }

    /// <summary>Why the row is invalid, or a duplicate's original, or a note of the import — what the report's note says.</summary>
    public string? Problems { get; init; }
}
