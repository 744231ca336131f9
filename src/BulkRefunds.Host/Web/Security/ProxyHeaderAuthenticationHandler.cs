using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// SSO behind a reverse proxy: the proxy has authenticated the user and passes name and roles in headers. The headers are
/// believed only on connections from the proxies (<see cref="TrustedProxies"/>), and only when each comes once: a second
/// copy is what a client adds when a proxy appends to, rather than replaces, the header it was sent.
/// </summary>
public sealed class ProxyHeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<SecurityOptions> security, TrustedProxies proxies) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var names = Request.Headers[security.Value.ProxyUserHeader];
        var roleHeaders = Request.Headers[security.Value.ProxyRolesHeader];
        if (names.ToString().Trim().Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!proxies.Contains(ProxyPeer.Of(Context)))
        {
            Logger.LogWarning("Identity headers from {RemoteIp}, which is not a configured proxy (ForwardedHeaders:KnownProxies), refused", ProxyPeer.Of(Context));
            return Task.FromResult(AuthenticateResult.Fail("Identity headers are accepted from the configured proxies only."));
        }

        // A comma in the name is two names folded into one line by a proxy that appended rather than replaced.
        if (names.Count > 1 || roleHeaders.Count > 1 || names.ToString().Contains(',', StringComparison.Ordinal))
        {
            Logger.LogWarning("Repeated identity or role header from {RemoteIp} refused", ProxyPeer.Of(Context));
            return Task.FromResult(AuthenticateResult.Fail("Repeated identity or role headers."));
        }

        // Unknown role names from the identity provider grant nothing.
        var roles = Roles.Parse(roleHeaders).Where(Roles.All.Contains).ToList();
        var user = new ConfiguredUser(names.ToString().Trim(), roles);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(user.ToPrincipal(Scheme.Name), Scheme.Name)));
    }
}
