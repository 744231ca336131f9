using BulkRefunds.Dispatch;
using BulkRefunds.Staging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BulkRefunds.Reports;

/// <summary>Section <c>Reports</c>; the report files, their verification, and the overviews the dashboard reads.</summary>
public static class ReportsServiceCollectionExtensions
{
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection("Reports"))
            .Validate(options => options.HasValidDelimiter, ReportOptions.DelimiterProblem)
            .ValidateOnStart();
        return services
            .AddSingleton<ReportStore>()
            .AddSingleton<ManifestOverviewStore>()
            .AddSingleton<AttentionStore>()
            .AddSingleton<ManifestProblemsStore>()
            .AddSingleton<ReportFileStore>()
            .AddSingleton<ManifestRowsStore>()
            .AddSingleton<RowSearchStore>()
            .AddSingleton<ReportService>()
            .AddTransient<RewriteStaleReportsJob>()
            .AddSingleton<ReportVerifier>()
            // The manifest's own report, the first completion report: AddReports runs before AddReleases.
            .AddSingleton<ManifestCompletionReport>()
            .AddSingleton<CompletionReport>(provider => provider.GetRequiredService<ManifestCompletionReport>().WriteAsync);
    }
}
