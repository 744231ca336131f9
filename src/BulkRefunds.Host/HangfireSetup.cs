using BulkRefunds.Notifications;
using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace BulkRefunds.Host;

/// <summary>Hangfire with PostgreSQL storage (schema <c>hangfire</c>, separate from ours).</summary>
public static class HangfireSetup
{
    public static IServiceCollection AddBulkRefundsHangfire(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        var settings = configuration.GetSection("Hangfire").Get<HangfireSettings>() ?? new HangfireSettings();
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            // A running job keeps extending its invisibility; a killed worker's job is handed on after the timeout.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(settings.InvisibilityTimeoutMinutes),
            QueuePollInterval = TimeSpan.FromMilliseconds(settings.QueuePollIntervalMilliseconds),
            EnableLongPolling = true,
        };
        // Registered before AddHangfire so this host uses its own storage rather than the static JobStorage.Current,
        // which several hosts in one process (the tests) would otherwise share.
        services.AddSingleton<JobStorage>(new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions, null), storageOptions));
        services.AddSingleton<LiveServers>();
        services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddHangfireServer((provider, server) =>
        {
            // This server's own filters beside the global ones, not GlobalJobFilters: job.failed is raised into this host's
            // database only (the tests run several hosts in one process).
            var hostFilters = new JobFilterCollection { provider.GetRequiredService<JobFailedNotificationFilter>() };
            if (provider.GetService<Telemetry.JobFailureFilter>() is { } failures)
            {
                hostFilters.Add(failures); // bulkrefunds_jobs_failed_total
            }

            server.FilterProvider = new JobFilterProviderCollection(JobFilterProviders.Providers, hostFilters);
            server.WorkerCount = settings.WorkerCount;
            server.ShutdownTimeout = TimeSpan.FromSeconds(settings.ShutdownTimeoutSeconds);
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        // The host must wait longer than Hangfire does, or jobs are cut off instead of cancelled cleanly.
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(settings.ShutdownTimeoutSeconds + 10));
        return services;
    }

    private sealed class HangfireSettings
    {
        public int WorkerCount { get; set; } = 4;

        public int InvisibilityTimeoutMinutes { get; set; } = 5;

        public int QueuePollIntervalMilliseconds { get; set; } = 1000;

        public int ShutdownTimeoutSeconds { get; set; } = 20;
    }
}
