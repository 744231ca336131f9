namespace BulkRefunds.Manifests;

/// <summary>What a manifest row asks Klarna to do.</summary>
public enum ManifestAction
{
    /// <summary>POST …/orders/{order_id}/refunds.</summary>
    Refund,

    /// <summary>POST …/orders/{order_id}/release-remaining-authorization.</summary>
    Release,
}

/// <summary>The text of <see cref="ManifestAction"/> in <c>bulkrefunds.manifest_row.action</c> and in reports.</summary>
public static class ManifestActionText
{
    public static string Of(ManifestAction action) => action == ManifestAction.Refund ? "refund" : "release";

    public static ManifestAction Parse(string text) => text switch
    {
        "refund" => ManifestAction.Refund,
        "release" => ManifestAction.Release,
        _ => throw new FormatException($"'{text}' is not an action of bulkrefunds.manifest_row."),
    };
}
