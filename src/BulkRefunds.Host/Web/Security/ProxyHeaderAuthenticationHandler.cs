using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// SSO behind a reverse proxy: the proxy has authenticated the user and passes name and roles in headers. Anyone who
/// can reach the app directly could send those headers too, which is why the app must only be reachable through the proxy.
/// </summary>
public sealed class ProxyHeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<SecurityOptions> security) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var userName = Request.Headers[security.Value.ProxyUserHeader].ToString().Trim();
        if (userName.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Unknown role names from the identity provider grant nothing.
        var roles = Roles.Parse(Request.Headers[security.Value.ProxyRolesHeader]).Where(Roles.All.Contains).ToList();
        var user = new ConfiguredUser(userName, roles);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(user.ToPrincipal(Scheme.Name), Scheme.Name)));
    }
}
