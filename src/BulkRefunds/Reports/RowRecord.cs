using BulkRefunds.Manifests;
using BulkRefunds.Staging;

namespace BulkRefunds.Reports;

/// <summary>
/// Everything known about one manifest row, read for the reconciliation report. An order-line row carries the
/// outcome, key and attempts of the refund it belongs to (the row on <see cref="GroupLine"/>), and its own line total.
/// <see cref="Resolution"/> is the row's latest resolution by hand, if any (applied or awaiting confirmation).
/// The settlement columns are as the settlement matching left them (text straight from sql/0025's settlement_match).
/// <see cref="Description"/> is the row's description as sent to Klarna (an Excel multi-line cell already joined into one line).
/// </summary>
public sealed record RowRecord(
    int LineNumber,
    string Account,
    ManifestAction Action,
    string OrderId,
    string? Reference,
    string? Currency,
    long? AmountMinor,
    RowState State,
    string? Problems,
    string? RefundId,
    string? Location,
    int? HttpStatus,
    string? ErrorCode,
    string? ErrorMessage,
    string? CorrelationId,
    Guid IdempotencyKey,
    int Attempts,
    DateTime? FirstAttemptAt,
    DateTime? CompletedAt,
    bool IsOrderLine = false,
    int? GroupLine = null,
    long? ReturnFeeMinor = null,
    string? DuplicateOf = null,
    string? Note = null,
    HandResolution? Resolution = null,
    string? SettledStatus = null,
    string? SettledPaymentReference = null,
    DateTime? SettledPayoutDate = null,
    string? Description = null);
