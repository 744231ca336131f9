namespace BulkRefunds.Host.Web.Dashboard;

/// <summary>A button of the Manifests page: the API action it posts to (<c>/api/manifests/{id}/{Name}</c>) and how it reads.</summary>
public sealed record ManifestAction(string Name, string Label, string ButtonClass, string Confirmation);
