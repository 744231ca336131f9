using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Security;

/// <summary>With <c>Security:RequireLoginOnLoopback=false</c>, an anonymous request from this machine is a local operator.</summary>
public sealed class LoopbackAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptions<SecurityOptions> security) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private static readonly ConfiguredUser LocalOperator = new("local", [Roles.Operator]);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
        Task.FromResult(Applies(Context, security.Value)
            ? AuthenticateResult.Success(new AuthenticationTicket(LocalOperator.ToPrincipal(Scheme.Name), Scheme.Name))
            : AuthenticateResult.NoResult());

    /// <summary>Behind a proxy every request may arrive from loopback, so the exemption exists in Users mode only.</summary>
    public static bool Applies(HttpContext context, SecurityOptions security) =>
        security is { RequireLoginOnLoopback: false, Mode: SecurityMode.Users } && IsLoopback(context.Connection.RemoteIpAddress);

    /// <summary>
    /// Whether the caller is the anonymous local operator rather than a named one: <c>local</c> is whoever sits at this
    /// machine, not a person the four-eyes rule could tell apart from another.
    /// </summary>
    public static bool IsLocalOperator(ClaimsPrincipal user) =>
        string.Equals(user.Identity?.AuthenticationType, SecuritySchemes.Loopback, StringComparison.Ordinal);

    private static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);
}
