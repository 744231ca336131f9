namespace BulkRefunds.KlarnaSimulator;

/// <summary>The order status values Klarna OM uses (strings on the wire).</summary>
public static class OrderStatus
{
    public const string Authorized = "AUTHORIZED";
    public const string PartCaptured = "PART_CAPTURED";
    public const string Captured = "CAPTURED";
    public const string Cancelled = "CANCELLED";
    public const string Expired = "EXPIRED";
    public const string Closed = "CLOSED";
}
