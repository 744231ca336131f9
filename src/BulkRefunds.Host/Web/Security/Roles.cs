namespace BulkRefunds.Host.Web.Security;

/// <summary>The roles a user can hold. An operator can do everything a viewer can.</summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";

    public static IReadOnlyList<string> All { get; } = [Viewer, Operator];

    /// <summary>Entries may be lists themselves ("viewer, operator"); unknown names are kept so validation can name them.</summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string?> entries) =>
        [.. entries
            .SelectMany(entry => (entry ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(role => role.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)];
}
