using BulkRefunds.Manifests;
using BulkRefunds.Reports;
using BulkRefunds.Staging;

namespace BulkRefunds.Host.Web.Rows;

/// <summary>A row of <c>GET /api/rows</c>: where it is (manifest, line, the manifest page) and where it stands.</summary>
public sealed record FoundRowResponse
{
    public required Guid ManifestId { get; init; }

    public required string FileName { get; init; }

    public required int LineNumber { get; init; }

    public required string Account { get; init; }

    public required string Action { get; init; }

    public required string OrderId { get; init; }

    public string? Reference { get; init; }

    public required string State { get; init; }

    /// <summary>Minor units of <see cref="Currency"/>.</summary>
    public long? AmountMinor { get; init; }

    public string? Currency { get; init; }

    public string? RefundId { get; init; }

    public string? CorrelationId { get; init; }

    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>The manifest page, opened at this row.</summary>
    public required string Page { get; init; }

    public static FoundRowResponse From(FoundRow found, PathString pathBase) => new()
    {
        ManifestId = found.ManifestId, FileName = found.FileName, LineNumber = found.Row.LineNumber, Account = found.Row.Account,
        Action = ManifestActionText.Of(found.Row.Action), OrderId = found.Row.OrderId, Reference = found.Row.Reference,
        State = RowStateText.Of(found.Row.State), AmountMinor = found.Row.AmountMinor, Currency = found.Row.Currency,
        RefundId = found.Row.RefundId, CorrelationId = found.Row.CorrelationId, ErrorCode = found.Row.ErrorCode,
        ErrorMessage = found.Row.ErrorMessage,
        Page = $"{pathBase}/hangfire/manifests/{found.ManifestId:D}?after={found.Row.LineNumber - 1}",
    };
}
