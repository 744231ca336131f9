namespace BulkRefunds.Host.Web.Security;

/// <summary>Authorization policy names for endpoints: <c>.RequireAuthorization(Policies.Operator)</c>.</summary>
public static class Policies
{
    /// <summary>May look: role viewer or operator.</summary>
    public const string Viewer = "viewer";

    /// <summary>May change things (upload, trigger, delete): role operator.</summary>
    public const string Operator = "operator";
}
