using BulkRefunds.Dispatch;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

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
            // Staging copies a release due later than today (in Releases:TimeZone) as scheduled.
            .AddSingleton(services =>
            {
                var options = services.GetRequiredService<IOptions<ReleaseOptions>>();
                var timeProvider = services.GetRequiredService<TimeProvider>();
                return new ImportCalendar(() => options.Value.Today(timeProvider));
            })
            // Dispatch judges an auto-release planned before sql/0013 by this worker's Releases:AutoReleaseAfterDays.
            .AddSingleton(services =>
            {
                var options = services.GetRequiredService<IOptions<ReleaseOptions>>();
                return new AutoReleaseThreshold(() => options.Value.AutoReleaseAfterDays);
            })
            .AddSingleton<ReleaseRunStore>()
            .AddSingleton<ReleasePlanner>()
            .AddSingleton<ReleaseRunReport>()
            .AddSingleton<CompletionReport>(provider => provider.GetRequiredService<ReleaseRunReport>().WriteFinishedRunsAsync)
            .AddTransient<ReleaseSweepJob>();
    }
}
