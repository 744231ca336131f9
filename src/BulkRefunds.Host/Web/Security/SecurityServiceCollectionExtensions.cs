using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Security;

/// <summary>Authentication (cookie, Basic, proxy headers, loopback) and the viewer/operator policies of the web host.</summary>
public static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddWebSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SecurityOptions.Section);
        services.AddOptions<SecurityOptions>().Bind(section).PostConfigure(options => ReadCommaListRoles(section, options)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecurityOptions>, SecurityOptionsValidator>();
        services.AddSingleton<UserDirectory>().AddSingleton<SignInCheck>();
        var proxies = new TrustedProxies(configuration);
        services.AddSingleton(proxies);
        services.Configure<ForwardedHeadersOptions>(proxies.Configure);
        // After the web host's own post-configuration, which reads AllowedHosts.
        services.AddOptions<HostFilteringOptions>().PostConfigure<IOptions<SecurityOptions>>((hosts, security) => LoopbackHostNames.Narrow(hosts, security.Value));
        services.AddWebRateLimits();
        DatabaseKeyRing.AddTo(services);
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = ".BulkRefunds.Antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAuthentication(SecuritySchemes.Default)
            .AddPolicyScheme(SecuritySchemes.Default, "Cookie, Basic, proxy header or loopback", policy => policy.ForwardDefaultSelector = context =>
                SchemeSelector.Select(context, context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value))
            .AddCookie(SecuritySchemes.Cookie, SignInCookie.Configure)
            .AddScheme<AuthenticationSchemeOptions, BasicAuthenticationHandler>(SecuritySchemes.Basic, null)
            .AddScheme<AuthenticationSchemeOptions, ProxyHeaderAuthenticationHandler>(SecuritySchemes.ProxyHeader, null)
            .AddScheme<AuthenticationSchemeOptions, LoopbackAuthenticationHandler>(SecuritySchemes.Loopback, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Viewer, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Viewer, Roles.Operator))
            .AddPolicy(Policies.Operator, policy => policy.RequireAuthenticatedUser().RequireRole(Roles.Operator))
            // An endpoint that forgets to say who may call it is for viewers, not for everyone; /health and /login opt out.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser().RequireRole(Roles.Viewer, Roles.Operator).Build());
        return services;
    }

    // The binder fills a list from an array only; "Roles": "viewer,operator" (or Security__Users__x__Roles) is read here.
    private static void ReadCommaListRoles(IConfigurationSection section, SecurityOptions options)
    {
        foreach (var (name, account) in options.Users)
        {
            if (section[$"Users:{name}:Roles"] is { } commaList)
            {
                account.Roles = [commaList];
            }
        }
    }
}
