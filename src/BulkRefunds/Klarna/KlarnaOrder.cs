namespace BulkRefunds.Klarna;

/// <summary>
/// The parts of GET /ordermanagement/v1/orders/{order_id} that refunds and releases depend on (contract §6);
/// other fields are ignored. Amounts are minor units.
/// </summary>
public sealed record KlarnaOrder(
    string OrderId,
    string? Status,
    string? PurchaseCurrency,
    string? PurchaseCountry,
    long OrderAmount,
    long CapturedAmount,
    long RefundedAmount,
    long RemainingAuthorizedAmount,
    IReadOnlyList<KlarnaCapture>? Captures,
    IReadOnlyList<KlarnaRefund>? Refunds);

/// <summary>One capture of an order, with what has been refunded against it.</summary>
public sealed record KlarnaCapture(string? CaptureId, long CapturedAmount, long RefundedAmount, DateTimeOffset? CapturedAt, string? Reference);

/// <summary>One refund of an order (also the body of GET …/refunds/{refund_id}). Older orders may lack refund_id.</summary>
public sealed record KlarnaRefund(string? RefundId, long RefundedAmount, DateTimeOffset? RefundedAt, string? Reference, string? Description);
