using BulkRefunds.Staging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Releases;

/// <summary>Section <c>Releases</c>: the sweep that releases stale authorizations, and its runs.</summary>
public static class ReleasesServiceCollectionExtensions
{
    public static IServiceCollection AddReleases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReleaseOptions>().Bind(configuration.GetSection("Releases"))
            .Validate(options => TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _), "Releases:TimeZone must be an IANA time zone such as Europe/Stockholm.")
            .ValidateOnStart();
        return services
            .AddSingleton<ReleaseRunStore>()
            .AddSingleton<ReleasePlanner>()
            .AddTransient<ReleaseSweepJob>();
    }
}
