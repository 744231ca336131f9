namespace BulkRefunds.Reports;

/// <summary>What a search across manifests looks rows up by (<c>GET /api/rows</c>).</summary>
public enum RowSearchKey
{
    OrderId,
    Reference,
    RefundId,

    /// <summary>Klarna's Correlation-ID of any attempt of the row, not only the newest the row keeps.</summary>
    CorrelationId,
}
