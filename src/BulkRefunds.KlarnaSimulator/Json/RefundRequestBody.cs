namespace BulkRefunds.KlarnaSimulator.Json;

/// <summary>
/// Body of POST …/refunds (Klarna's RefundObject). refunded_amount is nullable so a missing value is
/// reported as a 422 naming the field.
/// </summary>
internal sealed record RefundRequestBody
{
    public long? RefundedAmount { get; init; }

    public string? Description { get; init; }

    public string? Reference { get; init; }

    public IReadOnlyList<SimulatedOrderLine>? OrderLines { get; init; }
}
