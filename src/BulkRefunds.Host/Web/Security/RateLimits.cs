using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace BulkRefunds.Host.Web.Security;

/// <summary>
/// Per-address budgets (ASP.NET Core's rate limiter, a fixed window of a minute per client address) for the doors that
/// cost the most: sign-in (password hashing; the per-name lockout does not slow a spray over many names) and upload.
/// Over budget: 429 with a problem body.
/// </summary>
public static class RateLimits
{
    public const string SignIn = "sign-in";
    public const string Upload = "upload";

    public static IServiceCollection AddWebRateLimits(this IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(SignIn, context => PerAddress(context, security => security.SignInAttemptsPerMinute));
        limiter.AddPolicy(Upload, context => PerAddress(context, security => security.UploadsPerMinute));
    });

    // The client's address: behind a configured proxy, the one it forwarded (UseForwardedHeaders runs first).
    private static RateLimitPartition<string> PerAddress(HttpContext context, Func<SecurityOptions, int> perMinute)
    {
        var limit = perMinute(context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value);
        return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }
}
