namespace BulkRefunds.Klarna;

/// <summary>
/// One Klarna merchant account (<c>Klarna:Accounts:&lt;name&gt;</c>). Username and Password come from the
/// environment (<c>Klarna__Accounts__default__Password</c>) or a secret store, never from appsettings.json.
/// </summary>
public sealed class KlarnaAccountOptions
{
    /// <summary>A URL, a region name (<c>eu</c>, <c>na</c>, <c>oc</c>, <c>playground-eu</c>, …) or <c>simulator</c>.</summary>
    public string BaseUrl { get; set; } = "simulator";

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>This process's request budget for the account; Klarna allows about 200/s per merchant in production.</summary>
    public int RequestsPerSecond { get; set; } = 50;
}
