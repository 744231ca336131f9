using System.Security.Claims;

namespace BulkRefunds.Host.Web.Security;

/// <summary>An authenticated user: a name and the roles that decide what they may do.</summary>
public sealed record ConfiguredUser(string Name, IReadOnlyList<string> Roles)
{
    public ClaimsPrincipal ToPrincipal(string authenticationType)
    {
        var identity = new ClaimsIdentity(authenticationType, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.Name, Name));
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, Name));
        foreach (var role in Roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(identity);
    }
}
