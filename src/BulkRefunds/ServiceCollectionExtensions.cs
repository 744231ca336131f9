using BulkRefunds.Dispatch;
using BulkRefunds.Inbox;
using BulkRefunds.Klarna;
using BulkRefunds.Manifests;
using BulkRefunds.Releases;
using BulkRefunds.Reports;
using BulkRefunds.Staging;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BulkRefunds;

/// <summary>Each room registers itself; the host's Program reads as a list of these.</summary>
public static class ServiceCollectionExtensions
{
    public static IServiceCollection AddBulkRefunds(this IServiceCollection services, IConfiguration configuration, string connectionString) =>
        services
            .AddSingleton(TimeProvider.System)
            .AddManifests(configuration)
            .AddStaging(connectionString)
            .AddKlarna(configuration)
            .AddDispatch(configuration)
            .AddReports(configuration)
            .AddReleases(configuration)
            .AddInbox(configuration);

    public static IServiceCollection AddManifests(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ManifestLimits>().Bind(configuration.GetSection("Manifests"))
            .Validate(limits => limits.MaxFileBytes > 0 && limits.MaxRows > 0 && limits.MaxFieldLength > 0, "Manifests limits must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ManifestLimits>>().Value);
        return services.AddSingleton(provider => new ManifestReader(
            provider.GetRequiredService<ManifestLimits>(), provider.GetRequiredService<KlarnaAccounts>().Names));
    }

    public static IServiceCollection AddStaging(this IServiceCollection services, string connectionString)
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        return services
            .AddSingleton(_ => NpgsqlDataSource.Create(connectionString))
            .AddSingleton<ManifestStore>()
            .AddSingleton<ReleaseRunStore>()
            .AddSingleton<OperatorActionsStore>()
            .AddSingleton<ManifestOverviewStore>()
            .AddSingleton<ManifestProblemsStore>()
            .AddSingleton<DispatchStore>()
            .AddSingleton<ReportStore>()
            .AddSingleton<ManifestImporter>();
    }

    public static IServiceCollection AddKlarna(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<KlarnaOptions>().Bind(configuration.GetSection("Klarna"))
            .Validate(options => options.Accounts.Count > 0, "Configure at least one Klarna account (Klarna:Accounts:default).")
            .Validate(options => options.Accounts.Values.All(account => account.RequestsPerSecond > 0), "Klarna RequestsPerSecond must be positive.")
            .Validate(options => options.TimeoutSeconds > 0, "Klarna:TimeoutSeconds must be positive.")
            .Validate(options => options.SimulatorAddress is not null || !options.Accounts.Values.Any(KlarnaAccounts.IsSimulator),
                "A Klarna account's BaseUrl is 'simulator', but this process started no simulator (it runs only with the embedded database).")
            .ValidateOnStart();
        return services.AddSingleton<KlarnaAccounts>();
    }

    public static IServiceCollection AddDispatch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApprovalOptions>().Bind(configuration.GetSection("Approval"));
        services.AddOptions<DispatchOptions>().Bind(configuration.GetSection("Dispatch"))
            .Validate(options => options is { BatchSize: > 0, Concurrency: > 0, MaxAttempts: > 0, LeaseSeconds: >= 3 }, "Dispatch settings must be positive.")
            .ValidateOnStart();
        return services
            .AddSingleton<InDoubtReconciler>()
            .AddSingleton<RowSender>()
            .AddSingleton<OrderSender>()
            .AddSingleton<ManifestDispatcher>()
            .AddSingleton<OperatorActions>()
            .AddSingleton<DispatchQueue>()
            .AddTransient<DispatchManifestJob>()
            .AddTransient<RecoverySweepJob>();
    }

    public static IServiceCollection AddReleases(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReleaseOptions>().Bind(configuration.GetSection("Releases"))
            .Validate(options => TryZone(options.TimeZone), "Releases:TimeZone must be an IANA time zone such as Europe/Stockholm.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ReleaseOptions>>().Value);
        return services.AddTransient<ReleaseSweepJob>().AddSingleton<ReleasePlanner>();
    }

    public static IServiceCollection AddInbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DropFolderOptions>().Bind(configuration.GetSection("DropFolder"))
            .Validate(options => options.StableSeconds >= 0, "DropFolder:StableSeconds must be 0 or more.")
            .Validate(options => !options.Enabled || !string.IsNullOrWhiteSpace(options.Cron), "DropFolder:Cron is needed when DropFolder:Path is set.")
            .ValidateOnStart();
        return services.AddSingleton<DropFolder>().AddTransient<DropFolderJob>();
    }

    private static bool TryZone(string zone) => TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _);

    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection("Reports"));
        return services.AddSingleton<ReportService>().AddSingleton<ReportVerifier>().AddSingleton<ReleaseRunReport>().AddSingleton<ManifestCompletion>();
    }
}
