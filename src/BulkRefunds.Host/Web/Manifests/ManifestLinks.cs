namespace BulkRefunds.Host.Web.Manifests;

/// <summary>Where a manifest's status, reconciliation report and summary are served.</summary>
public sealed record ManifestLinks(string Self, string Report, string Summary)
{
    public static ManifestLinks For(Guid manifestId, PathString pathBase)
    {
        var self = $"{pathBase}/api/manifests/{manifestId:D}";
        return new ManifestLinks(self, self + "/report", self + "/summary");
    }
}
