using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Releases;

/// <summary>
/// Section <c>Releases</c>: the sweep that releases stale authorizations, and its runs; the run reports are handed to
/// Reports' <see cref="ManifestCompletion"/> as a <see cref="CompletionReport"/>, written after each manifest's report.
/// </summary>
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
            .AddSingleton<ReleaseRunReport>()
            .AddSingleton<CompletionReport>(provider => provider.GetRequiredService<ReleaseRunReport>().WriteFinishedRunsAsync)
            .AddTransient<ReleaseSweepJob>();
    }
}
