using BulkRefunds.Host.Web.Security;

namespace BulkRefunds.Tests.Web.Security;

/// <summary>A viewer and an operator as an operator would configure them: hashes only, roles once as an array, once as a comma list.</summary>
internal static class TestUsers
{
    public const string Viewer = "vera";
    public const string ViewerPassword = "viewer pass phrase";
    public const string Operator = "otto";
    public const string OperatorPassword = "operator pass phrase";

    private static readonly string ViewerHash = PasswordHashes.Hash(ViewerPassword);
    private static readonly string OperatorHash = PasswordHashes.Hash(OperatorPassword);

    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Security:Users:{Viewer}:PasswordHash"] = ViewerHash,
            [$"Security:Users:{Viewer}:Roles:0"] = Roles.Viewer,
            [$"Security:Users:{Operator}:PasswordHash"] = OperatorHash,
            [$"Security:Users:{Operator}:Roles"] = "viewer, operator",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }
}
