namespace BulkRefunds.Manifests;

/// <summary>What a manifest row asks Klarna to do.</summary>
public enum ManifestAction
{
    /// <summary>POST …/orders/{order_id}/refunds.</summary>
    Refund,

    /// <summary>POST …/orders/{order_id}/release-remaining-authorization.</summary>
    Release,
}
