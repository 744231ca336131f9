using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Security;

/// <summary>HTTP Basic for scripts and API clients, against the same users as the login form.</summary>
public sealed class BasicAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    SignInCheck signIn) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string Challenge = "Basic realm=\"BulkRefunds\", charset=\"UTF-8\"";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!AuthenticationHeaderValue.TryParse(Request.Headers.Authorization, out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        if (!TryDecode(header.Parameter, out var userName, out var password))
        {
            return AuthenticateResult.Fail("Malformed Basic credentials.");
        }

        // Not the request's token: a lockout that happened is recorded even when the guesser hangs up.
        var user = await signIn.VerifyAsync(userName, password, "HTTP Basic", Context, CancellationToken.None);
        if (user is null)
        {
            Logger.LogWarning("Basic authentication refused from {RemoteIp}", Context.Connection.RemoteIpAddress);
            return AuthenticateResult.Fail("Wrong user name or password.");
        }

        return AuthenticateResult.Success(new AuthenticationTicket(user.ToPrincipal(Scheme.Name), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge;
        return Task.CompletedTask;
    }

    private static bool TryDecode(string? parameter, out string userName, out string password)
    {
        userName = password = "";
        var bytes = new byte[parameter?.Length ?? 0];
        if (parameter is null || !Convert.TryFromBase64String(parameter, bytes, out var length))
        {
            return false;
        }

        var text = Encoding.UTF8.GetString(bytes, 0, length);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return false;
        }

        (userName, password) = (text[..colon], text[(colon + 1)..]);
        return true;
    }
}
